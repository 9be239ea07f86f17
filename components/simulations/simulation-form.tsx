"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { RATE_TYPE_LABELS, type TierView } from "@/components/pricing/rate-view";
import { TierEditor } from "@/components/pricing/tier-editor";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldError } from "@/components/ui/form-message";
import type { RateType } from "@/lib/billing/types";
import type { ActionState } from "@/lib/server/action";
import { simulationHref, type SimulationQuery } from "./simulation-query";

export type Option = { value: string; label: string };

/**
 * The simulation's inputs. Choosing a card, a product or a pricing group reloads the page so the
 * price fields start from the price in force; "Simulate" puts every input in the URL, and the
 * page prices it on the server.
 */
export function SimulationForm({
  query,
  cards,
  products,
  groups,
  rateTypes,
  periods,
  unitLabel,
  inForce,
  start,
}: {
  /** The inputs, filled from the URL or the price in force. */
  query: SimulationQuery & { card: string; mode: "rate" | "card"; from: string; period: string };
  cards: Option[];
  products: Option[];
  /** The product's pricing groups on the card, as JSON values. */
  groups: Option[];
  rateTypes: RateType[];
  periods: Option[];
  unitLabel: string;
  /** The price in force now, in words, for comparison. */
  inForce?: React.ReactNode;
  start: (previous: ActionState<{ id: string }>, data: FormData) => Promise<ActionState<{ id: string }>>;
}) {
  const router = useRouter();
  // While the page loads new inputs, the form waits: a choice made meanwhile would be lost.
  const [navigating, startNavigation] = useTransition();
  const go = (href: string) => startNavigation(() => router.push(href));
  const [outcome, setOutcome] = useState<ActionState<{ id: string }>>({});
  const errors = outcome.fields ?? {};
  const [type, setType] = useState<RateType>((query.type as RateType) ?? rateTypes[0] ?? "FLAT");
  const [price, setPrice] = useState(query.price ?? "");
  const [tiers, setTiers] = useState<TierView[]>(() => {
    try {
      return query.tiers ? (JSON.parse(query.tiers) as TierView[]) : [{ size: "1000", price: "" }, { size: null, price: "" }];
    } catch {
      return [{ size: null, price: "" }];
    }
  });
  const [packageSize, setPackageSize] = useState(query.package_size ?? "1000");
  const [from, setFrom] = useState(query.from);
  const [period, setPeriod] = useState(query.period);
  const [withCard, setWithCard] = useState(query.with ?? cards.find((c) => c.value !== query.card)?.value ?? "");
  const tiered = type === "TIERED" || type === "VOLUME";
  const error = (name: string) => fieldError(errors, `proposed_rate.${name}`) ?? fieldError(errors, name);

  // Inputs that decide what "the price in force" is: changing one starts again from it.
  const reload = (changes: SimulationQuery) =>
    go(simulationHref({ card: query.card, mode: query.mode, product: query.product, group: query.group, with: withCard, period, from, ...changes }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { card: query.card, mode: query.mode, period };
    const inputs: SimulationQuery =
      query.mode === "card"
        ? { ...common, with: withCard }
        : {
            ...common,
            product: query.product,
            group: query.group,
            type,
            from,
            frequency: query.frequency,
            ...(tiered ? { tiers: JSON.stringify(tiers) } : { price }),
            ...(type === "PACKAGE" ? { package_size: packageSize, package_rounding: query.package_rounding } : {}),
          };
    const data = new FormData();
    for (const [key, value] of Object.entries(inputs)) if (value) data.set(key, value);
    startNavigation(async () => {
      const result = await start({}, data);
      if (result.ok && result.result) router.push(`/simulations/${result.result.id}`);
      else setOutcome(result);
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Simulation" aria-busy={navigating}>
      <fieldset disabled={navigating} className="space-y-5">
        <div className="grid gap-4 md:grid-cols-3">
          <SelectField label="Rate card" name="card" value={query.card} onChange={(e) => reload({ card: e.target.value, product: undefined, group: undefined, with: undefined })} options={cards} hint="Every live contract on this card is simulated." />
          <SelectField
            label="Simulate"
            name="mode"
            value={query.mode}
            onChange={(e) => reload({ mode: e.target.value })}
            options={[
              { value: "rate", label: "A price change on this card" },
              { value: "card", label: "Another rate card instead" },
            ]}
          />
          <SelectField label="On the usage of" name="period" value={period} onChange={(e) => setPeriod(e.target.value)} options={periods} hint="Each customer's billing period containing this date." error={error("period_at")} />
        </div>

        {query.mode === "card" && cards.length < 2 ? (
          <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            There is no other rate card to compare with. Duplicate this one from its page, change prices on the copy, then compare.
          </p>
        ) : query.mode === "card" ? (
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField
              label="Price them with"
              name="with"
              value={withCard}
              onChange={(e) => setWithCard(e.target.value)}
              options={cards.filter((c) => c.value !== query.card)}
              hint="E.g. a duplicate of this card with next year's prices."
              error={error("proposed_rate_card_id")}
            />
          </div>
        ) : (
          <>
            <div className="grid gap-4 md:grid-cols-3">
              <SelectField
                label="Product"
                name="product"
                value={query.product ?? ""}
                onChange={(e) => reload({ product: e.target.value, group: undefined })}
                options={[{ value: "", label: "Choose a product" }, ...products]}
                error={error("product_id")}
              />
              {groups.length > 0 && (
                <SelectField label="Pricing group" name="group" value={query.group ?? ""} onChange={(e) => reload({ group: e.target.value })} options={groups} error={error("pricing_group_values")} />
              )}
              {query.product && (
                <SelectField label="Rate type" name="type" value={type} onChange={(e) => setType(e.target.value as RateType)} options={rateTypes.map((t) => ({ value: t, label: RATE_TYPE_LABELS[t] }))} error={error("rate_type")} />
              )}
            </div>
            {query.product && (
              <div className="space-y-4 rounded-lg border border-slate-200 p-4">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="text-sm font-semibold text-slate-900">Proposed price</h2>
                  {inForce && <p className="text-sm text-slate-600">{inForce}</p>}
                </div>
                {tiered && (
                  <TierEditor tiers={tiers} onChange={setTiers} priceLabel={`Price per unit, ${unitLabel}`} errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^proposed_rate\./, ""), v]))} />
                )}
                <div className="grid gap-4 md:grid-cols-3">
                  {!tiered && (
                    <TextField
                      label={type === "PERCENTAGE" ? "Percentage of covered spend (%)" : `${type === "SUBSCRIPTION" ? "Price per seat per period" : type === "PACKAGE" ? "Price per package" : "Price per unit"}, ${unitLabel}`}
                      name="price"
                      inputMode="decimal"
                      value={price}
                      onChange={(e) => setPrice(e.target.value)}
                      error={error("price")}
                    />
                  )}
                  {type === "PACKAGE" && <TextField label="Units per package" name="package_size" inputMode="decimal" value={packageSize} onChange={(e) => setPackageSize(e.target.value)} error={error("package_size")} />}
                  <TextField
                    label="Effective from (UTC, on the hour)"
                    name="from"
                    type="datetime-local"
                    step={3600}
                    value={from}
                    onChange={(e) => setFrom(e.target.value)}
                    hint="Once published. The simulation prices the whole period chosen above."
                    error={error("starting_at")}
                  />
                </div>
              </div>
            )}
          </>
        )}
        {outcome.message && !outcome.ok && (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">{outcome.message}</p>
        )}
        <Button type="submit" disabled={query.mode === "rate" ? !query.product : !withCard}>{navigating ? "Simulating…" : "Simulate"}</Button>
      </fieldset>
    </form>
  );
}
