"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useMemo, useState, type FormEvent } from "react";
import { PriceChart } from "@/components/pricing/price-chart";
import { draftSpec } from "@/components/pricing/price-preview";
import { RATE_TYPE_LABELS, rateTypesFor, type RateView, type TierView } from "@/components/pricing/rate-view";
import { TierEditor } from "@/components/pricing/tier-editor";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField, HourStartField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import type { ProductType, RateType } from "@/lib/billing/types";
import { fromInputAmount, inputUnitLabel, toInputAmount, type CreditUnit } from "@/lib/format-money";
import { fractionToPercent } from "@/lib/percent";
import { addRateAction } from "../../../actions";

export type ProductOption = { id: string; name: string; type: ProductType; pricingGroupKey: string[] };


export function RateForm({
  rateCardId,
  products,
  units,
  defaultUnitId,
  defaultStart,
  initial,
  initialProductId,
  initialGroup,
  promotion,
}: {
  rateCardId: string;
  products: ProductOption[];
  units: CreditUnit[];
  defaultUnitId: string;
  /** The next hour, as a datetime-local value in UTC. */
  defaultStart: string;
  /** The price in force now, when the form changes it. */
  initial: RateView | null;
  initialProductId: string | null;
  initialGroup: Record<string, string> | null;
  promotion: boolean;
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(addRateAction, {});
  const [productId, setProductId] = useState(initialProductId ?? products[0]?.id ?? "");
  const product = products.find((p) => p.id === productId);
  const allowed = product ? rateTypesFor(product.type) : [];
  const [group, setGroup] = useState<Record<string, string>>(initialGroup ?? {});
  const [rateType, setRateType] = useState<RateType>(initial?.rateType ?? allowed[0] ?? "FLAT");
  const effectiveType = allowed.includes(rateType) ? rateType : (allowed[0] ?? rateType);
  const [unitId, setUnitId] = useState(initial?.creditType.id ?? defaultUnitId);
  const unit = units.find((u) => u.id === unitId) ?? units[0]!;
  const initialAmount = (value: string | null | undefined) => (value ? toInputAmount(value, unit) : "");
  const [price, setPrice] = useState(initial?.rateType === "PERCENTAGE" && initial.price ? fractionToPercent(initial.price) : initialAmount(initial?.price));
  const [tiers, setTiers] = useState<TierView[]>(
    initial?.tiers?.map((t) => ({ size: t.size, price: toInputAmount(t.price, unit) })) ?? [
      { size: "1000", price: "" },
      { size: null, price: "" },
    ],
  );
  const [packageSize, setPackageSize] = useState(initial?.packageSize ?? "1000");
  const [packageRounding, setPackageRounding] = useState<"ROUND_UP" | "ROUND_DOWN">(initial?.packageRounding ?? "ROUND_UP");
  const [ending, setEnding] = useState("");
  // Submitted by hand rather than through <form action>: React resets an action form after it
  // runs, which would put the controlled selects (type, product…) out of step with this state.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  useEffect(() => {
    if (state.ok && state.result) router.push(`/rate-cards/${state.result.rateCardId}/products/${state.result.productId}`);
  }, [state, router]);

  // The preview prices in the API's unit (cents for USD), as an invoice would, then formats.
  const spec = useMemo(
    () =>
      draftSpec({
        rateType: effectiveType,
        price: fromInputAmount(price, unit),
        tiers: tiers.map((t) => ({ size: t.size, price: fromInputAmount(t.price, unit) })),
        packageSize,
        packageRounding,
      }),
    [effectiveType, price, tiers, packageSize, packageRounding, unit],
  );
  const error = (name: string) => fieldError(state.fields, name);
  const unitLabel = inputUnitLabel(unit);
  const groupKeys = product?.pricingGroupKey ?? [];

  if (!products.length) return <p className="text-sm text-slate-600">There are no live products to price. Create a usage, subscription or composite product first.</p>;
  return (
    // noValidate: the service's messages say what is wrong (e.g. a start off the hour) more
    // clearly than the browser's, and name the field they belong to.
    <form onSubmit={submit} noValidate className="space-y-6">
      <input type="hidden" name="rate_card_id" value={rateCardId} />
      {units.length === 1 && <input type="hidden" name="credit_type_id" value={unit.id} />}
      <input type="hidden" name="pricing_group_values" value={groupKeys.length ? JSON.stringify(Object.fromEntries(groupKeys.map((k) => [k, group[k] ?? ""]))) : ""} />
      {(effectiveType === "TIERED" || effectiveType === "VOLUME") && <input type="hidden" name="tiers" value={JSON.stringify(tiers)} />}
      {promotion && <input type="hidden" name="promotion" value="true" />}

      <section className="grid gap-4 md:grid-cols-2">
        <SelectField
          label="Product"
          name="product_id"
          value={productId}
          onChange={(e) => setProductId(e.target.value)}
          options={products.map((p) => ({ value: p.id, label: `${p.name} (${p.type.toLowerCase()})` }))}
          error={error("product_id")}
        />
        <SelectField
          label="Rate type"
          name="rate_type"
          value={effectiveType}
          onChange={(e) => setRateType(e.target.value as RateType)}
          options={allowed.map((t) => ({ value: t, label: RATE_TYPE_LABELS[t] }))}
          hint={effectiveType === "VOLUME" ? "Every unit is priced at the tier the period's total reaches." : effectiveType === "TIERED" ? "Each tier's units at that tier's price." : undefined}
          error={error("rate_type")}
        />
        {groupKeys.map((key) => (
          <TextField
            key={key}
            label={`Pricing group: ${key}`}
            name={`group:${key}`}
            id={`group-${key}`}
            required
            value={group[key] ?? ""}
            onChange={(e) => setGroup({ ...group, [key]: e.target.value })}
            hint="This price applies to usage with this value."
            error={error("pricing_group_values")}
          />
        ))}
        {units.length > 1 && (
          <SelectField
            label="Priced in"
            name="credit_type_id"
            value={unit.id}
            onChange={(e) => setUnitId(e.target.value)}
            options={units.map((u) => ({ value: u.id, label: inputUnitLabel(u) }))}
            error={error("credit_type_id")}
          />
        )}
      </section>

      <section className="space-y-4 rounded-lg border border-slate-200 p-4">
        <h2 className="text-sm font-semibold text-slate-900">Price</h2>
        {(effectiveType === "FLAT" || effectiveType === "SUBSCRIPTION") && (
          <div className="grid gap-4 md:grid-cols-3">
            <TextField
              label={`${effectiveType === "SUBSCRIPTION" ? "Price per seat per period" : "Price per unit"}, ${unitLabel}`}
              name="price"
              inputMode="decimal"
              required
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              error={error("price")}
            />
            {effectiveType === "SUBSCRIPTION" && (
              <>
                <SelectField
                  label="Billed"
                  name="billing_frequency"
                  defaultValue={initial?.billingFrequency ?? "MONTHLY"}
                  options={[{ value: "MONTHLY", label: "Monthly" }, { value: "QUARTERLY", label: "Quarterly" }, { value: "ANNUAL", label: "Annually" }]}
                  error={error("billing_frequency")}
                />
                <CheckboxField label="Prorate partial periods" name="is_prorated" value="true" defaultChecked={initial?.isProrated ?? true} />
              </>
            )}
          </div>
        )}
        {(effectiveType === "TIERED" || effectiveType === "VOLUME") && (
          <TierEditor tiers={tiers} onChange={setTiers} priceLabel={`Price per unit, ${unitLabel}`} errors={state.fields} />
        )}
        {effectiveType === "PACKAGE" && (
          <div className="grid gap-4 md:grid-cols-3">
            <TextField label={`Price per package, ${unitLabel}`} name="price" inputMode="decimal" required value={price} onChange={(e) => setPrice(e.target.value)} error={error("price")} />
            <TextField label="Units per package" name="package_size" inputMode="decimal" required value={packageSize} onChange={(e) => setPackageSize(e.target.value)} error={error("package_size")} />
            <SelectField
              label="Partial packages"
              name="package_rounding"
              value={packageRounding}
              onChange={(e) => setPackageRounding(e.target.value as "ROUND_UP" | "ROUND_DOWN")}
              options={[{ value: "ROUND_UP", label: "Billed as a whole package" }, { value: "ROUND_DOWN", label: "Not billed" }]}
            />
          </div>
        )}
        {effectiveType === "PERCENTAGE" && (
          <div className="grid gap-4 md:grid-cols-3">
            <TextField label="Percentage of covered spend (%)" name="price" inputMode="decimal" required value={price} onChange={(e) => setPrice(e.target.value)} hint="E.g. 10 for 10%." error={error("price")} />
            <TextField label={`Minimum per period, ${unitLabel} (optional)`} name="minimum" inputMode="decimal" defaultValue={initialAmount(initial?.minimum)} error={error("minimum")} />
            <TextField label={`Maximum per period, ${unitLabel} (optional)`} name="maximum" inputMode="decimal" defaultValue={initialAmount(initial?.maximum)} error={error("maximum")} />
          </div>
        )}
        {spec && effectiveType !== "SUBSCRIPTION" && (
          <div>
            <h3 className="mb-2 text-sm font-medium text-slate-700">Total for a billing period</h3>
            <PriceChart spec={spec} unit={unit} />
          </div>
        )}
      </section>

      <section className="grid gap-4 md:grid-cols-3">
        <HourStartField defaultValue={defaultStart} hint="A price change starts at a full hour; the current price ends then." error={error("starting_at")} />
        <TextField
          label={promotion ? "Ends (UTC, on the hour)" : "Ends (UTC, optional)"}
          name="ending_before"
          type="datetime-local"
          step={3600}
          required={promotion}
          value={ending}
          onChange={(e) => setEnding(e.target.value)}
          hint={promotion ? "The current price comes back at this time." : "Leave empty for a price with no end."}
          error={error("ending_before")}
        />
        <CheckboxField label="Entitled: contracts on this card may buy it" name="entitled" value="true" defaultChecked={initial?.entitled ?? true} />
      </section>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : promotion ? "Schedule promotion" : initial ? "Schedule price change" : "Add rate"}
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
