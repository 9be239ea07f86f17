import type { Metadata } from "next";
import Link from "next/link";
import { ListBody } from "@/components/console/list-page";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { groupText, priceSummary, rateTypesFor, toRateView } from "@/components/pricing/rate-view";
import { STATUS_LABEL, STATUS_TONE } from "@/components/simulations/run-status";
import { SimulationForm } from "@/components/simulations/simulation-form";
import { SIMULATION_KEYS, type SimulationQuery } from "@/components/simulations/simulation-query";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Td } from "@/components/ui/table";
import { HOUR_MS } from "@/lib/billing/calendar";
import { fractionToPercent } from "@/lib/percent";
import { formatCount, formatDateTime, formatMonth } from "@/lib/format";
import { inputUnitLabel, toInputAmount, type CreditUnit } from "@/lib/format-money";
import { consoleContext } from "@/lib/server/console-context";
import { listProducts } from "@/lib/services/products/list-products";
import { getRates } from "@/lib/services/rate-cards/get-rates";
import { listRateCards } from "@/lib/services/rate-cards/list-rate-cards";
import { listSimulationRuns } from "@/lib/services/simulations/simulation-runs";
import { startSimulationAction } from "./actions";

export const metadata: Metadata = { title: "Pricing simulation" };

/** This period (the live drafts) and the three before it, each named by the month it starts in. */
function periodOptions(now: Date) {
  const months = [1, 2, 3].map((back) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)));
  return [
    { value: "current", label: "This period so far (the live drafts)" },
    ...months.map((start) => ({ value: start.toISOString(), label: `The period of ${formatMonth(start)}` })),
  ];
}

export default async function SimulationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
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
    price: query.price ?? (currentView?.price ? (currentView.rateType === "PERCENTAGE" ? fractionToPercent(currentView.price) : toInputAmount(currentView.price, unit)) : undefined),
    tiers: query.tiers ?? (currentView?.tiers ? JSON.stringify(currentView.tiers.map((t) => ({ size: t.size, price: toInputAmount(t.price, unit) }))) : undefined),
    package_size: query.package_size ?? currentView?.packageSize ?? undefined,
    package_rounding: query.package_rounding ?? currentView?.packageRounding ?? undefined,
    frequency: query.frequency ?? currentView?.billingFrequency ?? undefined,
    from: query.from ?? nextHour.toISOString().slice(0, 16),
    period: query.period ?? "current",
  };

  const runs = await listSimulationRuns(ctx, { limit: 10 });

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
            start={startSimulationAction}
            inForce={
              currentView && (
                <>
                  In force now: <span className="tabular font-medium text-slate-900">{priceSummary(currentView)}</span>, since {formatDateTime(new Date(currentView.startingAt))}
                </>
              )
            }
          />
        </Card>

        <Card title="Recent simulations" description="Each simulation runs in the background and is kept: open one to follow it or see its results again.">
          <ListBody
            pathname="/simulations"
            params={{}}
            rows={runs.data}
            empty={{ title: "No simulations yet", hint: "Choose a price above and simulate it." }}
            caption="Recent simulations"
            columns={["Simulation", "Started", "Status", { label: "Contracts", align: "right" }]}
            row={(run) => (
              <tr key={run.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/simulations/${run.id}`} className="font-medium text-brand-700 hover:underline">
                    {run.kind === "rate" ? `${run.proposalName} on ${run.rateCard.name}` : `${run.rateCard.name} priced with ${run.proposalName}`}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{formatDateTime(run.createdAt)} by {run.createdBy}</Td>
                <Td><Badge tone={STATUS_TONE[run.status]}>{STATUS_LABEL[run.status]}</Badge></Td>
                <Td align="right" className="tabular text-slate-700">{run.status === "running" ? `${formatCount(run.progress.done)} of ${formatCount(run.progress.total)}` : formatCount(run.progress.total)}</Td>
              </tr>
            )}
          />
        </Card>
      </div>
    </>
  );
}

