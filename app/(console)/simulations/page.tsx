import type { Metadata } from "next";
import Link from "next/link";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { groupText, priceSummary, rateTypesFor, toRateView, type RateView } from "@/components/pricing/rate-view";
import { ImpactChart } from "@/components/simulations/impact-chart";
import { PublishChange } from "@/components/simulations/publish-change";
import { SimulationForm } from "@/components/simulations/simulation-form";
import { SIMULATION_KEYS, simulationHref, type SimulationQuery } from "@/components/simulations/simulation-query";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { HOUR_MS } from "@/lib/billing/calendar";
import { Decimal } from "@/lib/billing/decimal";
import { isAppError, type AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { formatAmount, inputUnitLabel, toInputAmount, type CreditUnit } from "@/lib/format-money";
import { getPrisma } from "@/lib/server/database";
import { requireUser } from "@/lib/server/session";
import { can } from "@/lib/services/context";
import { listProducts } from "@/lib/services/products/list-products";
import { getRates } from "@/lib/services/rate-cards/get-rates";
import { listRateCards } from "@/lib/services/rate-cards/list-rate-cards";
import type { RateInput } from "@/lib/services/rate-cards/schemas";
import { simulatePriceChange, type Amounts, type PriceSimulation } from "@/lib/services/simulations/simulate-price-change";
import { publishPriceChangeAction } from "./actions";
import { simulationInput } from "./simulation-params";

export const metadata: Metadata = { title: "Pricing simulation" };

const MONTH = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** This period (the live drafts) and the three before it, each named by the month it starts in. */
function periodOptions(now: Date) {
  const months = [1, 2, 3].map((back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)));
  return [
    { value: "current", label: "This period so far (the live drafts)" },
    ...months.map((start) => ({ value: start.toISOString(), label: `The period of ${MONTH.format(start)}` })),
  ];
}

function signed(amount: Decimal, unit: CreditUnit) {
  return `${amount.isPositive() && !amount.isZero() ? "+" : ""}${formatAmount(amount, unit)}`;
}

function percent(value: Decimal | null) {
  if (value === null) return "—";
  return `${value.isPositive() && !value.isZero() ? "+" : ""}${value.toDecimalPlaces(1).toFixed(1)}%`;
}

const deltaTone = (delta: Decimal) => (delta.isZero() ? "text-slate-500" : delta.isPositive() ? "text-emerald-700" : "text-red-700");

/** The proposed rate as the price tables show rates. */
function proposedView(rate: RateInput, unit: CreditUnit): Pick<RateView, "rateType" | "price" | "tiers" | "packageSize" | "packageRounding" | "minimum" | "maximum" | "billingFrequency" | "creditType"> {
  const spec = rate.spec;
  return {
    rateType: spec.rateType,
    price: "price" in spec ? spec.price.toFixed() : null,
    tiers: "tiers" in spec ? spec.tiers.map((t) => ({ size: t.size?.toFixed() ?? null, price: t.price.toFixed() })) : null,
    packageSize: spec.rateType === "PACKAGE" ? spec.packageSize.toFixed() : null,
    packageRounding: spec.rateType === "PACKAGE" ? (spec.packageRounding ?? "ROUND_UP") : null,
    minimum: null,
    maximum: null,
    billingFrequency: rate.billingFrequency,
    creditType: unit,
  };
}

function Stat({ label, value, detail, tone = "text-slate-900" }: { label: string; value: string; detail?: string; tone?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`tabular mt-1 text-xl font-semibold ${tone}`}>{value}</dd>
      {detail && <dd className="mt-0.5 text-xs text-slate-600">{detail}</dd>}
    </div>
  );
}

function AmountCells({ amounts, unit }: { amounts: Amounts; unit: CreditUnit }) {
  return (
    <>
      <Td align="right" className="tabular text-slate-600">{formatAmount(amounts.before, unit)}</Td>
      <Td align="right" className="tabular text-slate-900">{formatAmount(amounts.after, unit)}</Td>
      <Td align="right" className={`tabular font-medium ${deltaTone(amounts.delta)}`}>{signed(amounts.delta, unit)}</Td>
      <Td align="right" className={`tabular ${deltaTone(amounts.delta)}`}>{percent(amounts.deltaPercent)}</Td>
    </>
  );
}

export default async function SimulationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const ctx = { db: await getPrisma(), actor: user };
  const query: SimulationQuery = readParams(await searchParams, SIMULATION_KEYS);
  const now = new Date();
  const [cards, allProducts] = await Promise.all([
    listRateCards(ctx, { sort: "name", limit: 100 }).then((page) => page.data),
    listProducts(ctx, { sort: "name", limit: 100 }).then((page) => page.data),
  ]);
  const card = cards.find((c) => c.id === query.card) ?? cards[0];
  if (!card) {
    return (
      <>
        <PageHeader title="Pricing simulation" />
        <EmptyState title="No rate cards yet">Create a rate card and put customers on it to simulate price changes.</EmptyState>
      </>
    );
  }
  const unit: CreditUnit = { id: card.fiatCreditType.id, name: card.fiatCreditType.name };
  const mode = query.mode === "card" ? "card" : "rate";
  const products = allProducts.filter((p) => rateTypesFor(p.type).length > 0);
  const product = products.find((p) => p.id === query.product);

  // The product's prices in force now, one per pricing group: the proposal starts from one.
  const inForce = product ? (await getRates(ctx, { rate_card_id: card.id, at: now.toISOString(), selectors: [{ product_id: product.id }], limit: 100 })).data : [];
  const groups = inForce.filter((r) => r.pricingGroupValues).map((r) => ({ value: JSON.stringify(r.pricingGroupValues), label: groupText(r.pricingGroupValues)! }));
  const group = product?.current.pricingGroupKey.length ? (groups.find((g) => g.value === query.group)?.value ?? groups[0]?.value) : undefined;
  const current = inForce.find((r) => (r.pricingGroupValues ? JSON.stringify(r.pricingGroupValues) === group : !group));
  const currentView = current ? toRateView(current) : undefined;
  const nextHour = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS);

  const filled: SimulationQuery & { card: string; mode: "rate" | "card"; from: string; period: string } = {
    ...query,
    card: card.id,
    mode,
    group,
    type: query.type ?? currentView?.rateType,
    price: query.price ?? (currentView?.price ? (currentView.rateType === "PERCENTAGE" ? new Decimal(currentView.price).times(100).toFixed() : toInputAmount(currentView.price, unit)) : undefined),
    tiers: query.tiers ?? (currentView?.tiers ? JSON.stringify(currentView.tiers.map((t) => ({ size: t.size, price: toInputAmount(t.price, unit) }))) : undefined),
    package_size: query.package_size ?? currentView?.packageSize ?? undefined,
    package_rounding: query.package_rounding ?? currentView?.packageRounding ?? undefined,
    frequency: query.frequency ?? currentView?.billingFrequency ?? undefined,
    from: query.from ?? nextHour.toISOString().slice(0, 16),
    period: query.period ?? "current",
  };

  const input = simulationInput({ ...query, card: card.id, mode, group }, unit.id, now);
  let simulation: PriceSimulation | undefined;
  let failure: AppError | undefined;
  let elapsedMs = 0;
  if (input) {
    const started = performance.now();
    try {
      simulation = await simulatePriceChange(ctx, input, now);
    } catch (error) {
      if (!isAppError(error)) throw error;
      failure = error;
    }
    elapsedMs = Math.round(performance.now() - started);
  }

  return (
    <>
      <PageHeader
        title="Pricing simulation"
        description="Price a billing period's real usage again with a proposed price, through the billing engine with every contract's overrides, discounts and balances; see who it changes and by how much; then publish it."
      />
      <div className="space-y-6">
        <Card>
          <SimulationForm
            key={`${card.id}:${mode}:${product?.id ?? ""}:${group ?? ""}`}
            query={filled}
            cards={cards.map((c) => ({ value: c.id, label: c.name }))}
            products={products.map((p) => ({ value: p.id, label: p.current.name }))}
            groups={groups}
            rateTypes={product ? rateTypesFor(product.type) : []}
            periods={periodOptions(now)}
            unitLabel={inputUnitLabel(unit)}
            errors={failure?.fields}
            inForce={
              currentView && (
                <>
                  In force now: <span className="tabular font-medium text-slate-900">{priceSummary(currentView)}</span>, since {formatDateTime(new Date(currentView.startingAt))}
                </>
              )
            }
          />
        </Card>

        {failure && (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">{failure.message}</p>
        )}
        {simulation && <Results simulation={simulation} unit={unit} query={{ ...query, card: card.id, mode, group }} canPublish={can(user, "pricing:write")} elapsedMs={elapsedMs} />}
      </div>
    </>
  );
}

function Results({ simulation, unit, query, canPublish, elapsedMs }: { simulation: PriceSimulation; unit: CreditUnit; query: SimulationQuery; canPublish: boolean; elapsedMs: number }) {
  const { proposal } = simulation;
  const proposalText =
    proposal.kind === "rate"
      ? `${proposal.productName}${groupText(proposal.rate.pricingGroupValues) ? ` (${groupText(proposal.rate.pricingGroupValues)})` : ""} at ${priceSummary(proposedView(proposal.rate, unit))}`
      : `Prices of ${proposal.rateCard.name}`;
  const fiatProducts = simulation.products.filter((p) => p.creditType.id === unit.id);
  const periods = [...new Set(simulation.customers.map((c) => `${DAY.format(c.period.startingAt)} – ${DAY.format(new Date(c.period.endingBefore.getTime() - 1))}`))];
  const affected = simulation.customers.filter((c) => !c.charges.delta.isZero() || !c.billed.delta.isZero()).length;

  return (
    <>
      <Card
        title="Impact"
        description={
          <>
            {proposalText}, for the {simulation.customers.length} {simulation.customers.length === 1 ? "contract" : "contracts"} on {simulation.rateCard.name}, over{" "}
            {periods.length === 1 ? periods[0] : "each contract's billing period"}.
          </>
        }
      >
        {simulation.totals.length === 0 ? (
          <EmptyState title="No contracts to simulate">No live contract on {simulation.rateCard.name} has a billing period at that date.</EmptyState>
        ) : (
          simulation.totals.map((total) => {
            const u = { id: total.creditType.id, name: total.creditType.name };
            return (
              <dl key={total.creditType.id} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={`Totals in ${total.creditType.name}`}>
                <Stat label="Revenue before" value={formatAmount(total.charges.before, u)} detail="Charges at the prices in force" />
                <Stat label="Revenue after" value={formatAmount(total.charges.after, u)} detail="Charges at the proposed prices" />
                <Stat label="Change" value={signed(total.charges.delta, u)} detail={`${percent(total.charges.deltaPercent)} · ${affected} of ${total.customers} contracts change`} tone={deltaTone(total.charges.delta)} />
                <Stat
                  label="Billed after balances"
                  value={signed(total.billed.delta, u)}
                  detail={`${formatAmount(total.billed.before, u)} → ${formatAmount(total.billed.after, u)}; commits and credits absorb the rest`}
                  tone={deltaTone(total.billed.delta)}
                />
              </dl>
            );
          })
        )}
        {simulation.skipped.length > 0 && (
          <div role="note" className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            Not priced: {simulation.skipped.map((s) => `${s.customerName} (${s.reason})`).join("; ")}.
          </div>
        )}
      </Card>

      {fiatProducts.length > 0 && (
        <Card title="Revenue per product" description="What each product earns in the period, before and after.">
          <ImpactChart products={fiatProducts.map((p) => ({ name: p.productName, before: p.before.toFixed(), after: p.after.toFixed() }))} unit={unit} />
          <Table caption="Revenue per product, before and after">
            <thead>
              <tr>
                <Th>Product</Th>
                <Th align="right">Before</Th>
                <Th align="right">After</Th>
                <Th align="right">Change</Th>
                <Th align="right">%</Th>
              </tr>
            </thead>
            <tbody>
              {simulation.products.map((p) => (
                <tr key={`${p.productId}:${p.creditType.id}`}>
                  <Td className="font-medium text-slate-900">{p.productName}</Td>
                  <AmountCells amounts={p} unit={{ id: p.creditType.id, name: p.creditType.name }} />
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}

      {simulation.customers.length > 0 && (
        <Card title="Customers, most affected first" description="Revenue from each contract before and after, and what its invoice would ask after commits, credits and discounts.">
          <Table caption="Customers by impact">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th align="right">Before</Th>
                <Th align="right">After</Th>
                <Th align="right">Change</Th>
                <Th align="right">%</Th>
                <Th align="right">Invoice total</Th>
              </tr>
            </thead>
            <tbody>
              {simulation.customers.map((c) => {
                const u = { id: c.creditType.id, name: c.creditType.name };
                return (
                  <tr key={c.contractId} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/customers/${c.customerId}`} className="font-medium text-brand-700 hover:underline">{c.customerName}</Link>
                      <p className="text-xs text-slate-500">{c.contractName ?? "Contract"}</p>
                    </Td>
                    <AmountCells amounts={c.charges} unit={u} />
                    <Td align="right" className="tabular whitespace-nowrap text-slate-700">
                      {formatAmount(c.billed.before, u)} → {formatAmount(c.billed.after, u)}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          {simulation.mostAffected.byPercent.length > 0 && (
            <p className="mt-4 text-sm text-slate-600">
              Largest change in %:{" "}
              {simulation.mostAffected.byPercent.map((c, i) => (
                <span key={c.contractId}>
                  {i > 0 && ", "}
                  <span className="font-medium text-slate-900">{c.customerName}</span> {percent(c.charges.deltaPercent)}
                </span>
              ))}
              .
            </p>
          )}
        </Card>
      )}

      {proposal.kind === "rate" ? (
        <Card title="Publish this change" description={`Adds ${proposalText} to ${simulation.rateCard.name} from ${formatDateTime(proposal.rate.startingAt)}, exactly as simulated.`}>
          <PublishChange
            publish={publishPriceChangeAction}
            query={query}
            summary={`${proposalText} on ${simulation.rateCard.name} from ${formatDateTime(proposal.rate.startingAt)}`}
            historyHref={`/rate-cards/${simulation.rateCard.id}/products/${proposal.rate.productId}`}
            canPublish={canPublish}
          />
        </Card>
      ) : (
        <Card title="Apply these prices">
          <p className="text-sm text-slate-600">
            To bill customers with {proposal.rateCard.name}, move their contracts to it, or change prices on{" "}
            <Link href={`/rate-cards/${simulation.rateCard.id}`} className="font-medium text-brand-700 hover:underline">{simulation.rateCard.name}</Link> one by one:{" "}
            <Link href={simulationHref({ card: simulation.rateCard.id, mode: "rate" })} className="font-medium text-brand-700 hover:underline">simulate a single price change</Link>.
          </p>
        </Card>
      )}
      <p className="text-xs text-slate-500">
        Priced {simulation.customers.length * 2} invoices from one read of each contract&apos;s usage in {elapsedMs} ms. Balances are taken as they stood at each period&apos;s start.
      </p>
    </>
  );
}
