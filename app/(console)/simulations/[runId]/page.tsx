import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Pager } from "@/components/console/pager";
import { SortableTh } from "@/components/console/sortable-th";
import { oneOf, readParams, type ListParams, type SearchParams } from "@/components/console/url-state";
import { groupText, priceSummary, type RateView } from "@/components/pricing/rate-view";
import { ImpactChart } from "@/components/simulations/impact-chart";
import { PublishChange } from "@/components/simulations/publish-change";
import { STATUS_LABEL, STATUS_TONE } from "@/components/simulations/run-status";
import { ProgressMeter, SimulationProgress } from "@/components/simulations/simulation-progress";
import { simulationHref } from "@/components/simulations/simulation-query";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import type { Decimal } from "@/lib/billing/decimal";
import { isAppError } from "@/lib/errors";
import { formatCount, formatDateTime, formatPeriodInWords } from "@/lib/format";
import { formatAmount, type CreditUnit } from "@/lib/format-money";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can, type ServiceContext } from "@/lib/services/context";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import type { RateInput } from "@/lib/services/rate-cards/schemas";
import { SIMULATION_IMPACT_SORTS } from "@/lib/services/simulations/schemas";
import type { Amounts } from "@/lib/services/simulations/simulate-price-change";
import { getSimulationRun, listSimulationImpacts, type SimulationRunDetail } from "@/lib/services/simulations/simulation-runs";
import { publishPriceChangeAction } from "../actions";

export const metadata: Metadata = { title: "Pricing simulation" };

const PAGE_SIZE = 25;

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

function proposalText(run: SimulationRunDetail, unit: CreditUnit) {
  const { proposal } = run;
  return proposal.kind === "rate"
    ? `${proposal.productName}${groupText(proposal.rate.pricingGroupValues) ? ` (${groupText(proposal.rate.pricingGroupValues)})` : ""} at ${priceSummary(proposedView(proposal.rate, unit))}`
    : `Prices of ${proposal.rateCard.name}`;
}

export default async function SimulationRunPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<SearchParams> }) {
  await connection();
  const ctx = await consoleContext();
  const user = ctx.actor;
  const { runId } = await params;
  const run = await loadOr404(() => getSimulationRun(ctx, runId));
  const list = readParams(await searchParams, ["sort", "order", "next_page"] as const);
  const card = await getRateCard(ctx, { id: run.rateCard.id });
  const unit: CreditUnit = { id: card.fiatCreditType.id, name: card.fiatCreditType.name };
  const text = proposalText(run, unit);

  return (
    <>
      <PageHeader
        title="Pricing simulation"
        description={`${text} on ${run.rateCard.name}, started ${formatDateTime(run.createdAt)} by ${run.createdBy}.`}
        actions={
          <Link href={simulationHref(run.query)} className={buttonClassName("secondary")}>
            Change and simulate again
          </Link>
        }
      />
      <div className="space-y-6">
        {run.status === "queued" || run.status === "running" ? (
          <Card title="Simulating" description={`${text}, for every live contract on ${run.rateCard.name}. It runs in the background: leave this page and come back from the list of simulations.`}>
            <SimulationProgress runId={run.id} initial={{ status: run.status, progress: run.progress }} />
          </Card>
        ) : run.status === "failed" ? (
          <Card title="Simulation failed">
            <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">{run.error}</p>
            <p className="mt-3 text-sm text-slate-600">
              <Badge tone={STATUS_TONE.failed}>{STATUS_LABEL.failed}</Badge> after {formatCount(run.progress.done)} of {formatCount(run.progress.total)} contracts.
            </p>
          </Card>
        ) : (
          <Results run={run} unit={unit} text={text} list={{ sort: list.sort, order: list.order, next_page: list.next_page }} ctx={ctx} canPublish={can(user, "pricing:write")} />
        )}
      </div>
    </>
  );
}

async function Results({ run, unit, text, list, ctx, canPublish }: { run: SimulationRunDetail; unit: CreditUnit; text: string; list: ListParams; ctx: ServiceContext; canPublish: boolean }) {
  const { proposal } = run;
  const sort = oneOf(list.sort, SIMULATION_IMPACT_SORTS, "change");
  const order = list.order === "asc" || list.order === "desc" ? list.order : undefined;
  const page = await listSimulationImpacts(ctx, { run_id: run.id, sort, order, limit: PAGE_SIZE, next_page: list.next_page }).catch((error: unknown) => {
    if (isAppError(error)) return listSimulationImpacts(ctx, { run_id: run.id, sort, order, limit: PAGE_SIZE });
    throw error;
  });
  const pathname = `/simulations/${run.id}`;
  const params: ListParams = { sort: list.sort, order: list.order, next_page: list.next_page };
  // The headers show the order in force, the default one included.
  const shown: ListParams = { ...params, sort, order: order ?? (sort === "customer" ? "asc" : "desc") };
  const priced = run.totals.reduce((n, t) => n + t.customers, 0);
  const fiatProducts = run.products.filter((p) => p.creditType.id === unit.id);
  const periods = run.periods.map((p) => formatPeriodInWords(p.startingAt, p.endingBefore));
  const seconds = run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null;

  return (
    <>
      <Card
        title="Impact"
        description={
          <>
            {text}, for the {formatCount(priced)} {priced === 1 ? "contract" : "contracts"} on {run.rateCard.name}, over {periods.length === 1 ? periods[0] : "each contract's billing period"}.
          </>
        }
      >
        {run.totals.length === 0 ? (
          <EmptyState title="No contracts to simulate">No live contract on {run.rateCard.name} has a billing period at that date.</EmptyState>
        ) : (
          run.totals.map((total) => {
            const u = total.creditType;
            return (
              <dl key={u.id} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={`Totals in ${u.name}`}>
                <Stat label="Revenue before" value={formatAmount(total.charges.before, u)} detail="Charges at the prices in force" />
                <Stat label="Revenue after" value={formatAmount(total.charges.after, u)} detail="Charges at the proposed prices" />
                <Stat label="Change" value={signed(total.charges.delta, u)} detail={`${percent(total.charges.deltaPercent)} · ${formatCount(total.changed)} of ${formatCount(total.customers)} contracts change`} tone={deltaTone(total.charges.delta)} />
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
        {run.skipped.count > 0 && (
          <div role="note" className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            Not priced ({formatCount(run.skipped.count)}): {run.skipped.first.map((s) => `${s.customerName} (${s.reason})`).join("; ")}
            {run.skipped.count > run.skipped.first.length ? "; …" : "."}
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
              {run.products.map((p) => (
                <tr key={`${p.productId}:${p.creditType.id}`}>
                  <Td className="font-medium text-slate-900">{p.productName}</Td>
                  <AmountCells amounts={p} unit={p.creditType} />
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}

      {priced > 0 && (
        <Card title="Customers by impact" description="Revenue from each contract before and after, and what its invoice would ask after commits, credits and discounts. Largest change first; sort by a column.">
          <Table caption="Customers by impact">
            <thead>
              <tr>
                <SortableTh label="Customer" column="customer" pathname={pathname} params={shown} />
                <SortableTh label="Before" column="before" pathname={pathname} params={shown} align="right" firstOrder="desc" />
                <Th align="right">After</Th>
                <SortableTh label="Change" column="change" pathname={pathname} params={shown} align="right" firstOrder="desc" />
                <Th align="right">%</Th>
                <Th align="right">Invoice total</Th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((c) => (
                <tr key={c.contractId} className="hover:bg-slate-50">
                  <Td>
                    <Link href={`/customers/${c.customerId}`} className="font-medium text-brand-700 hover:underline">{c.customerName}</Link>
                    <p className="text-xs text-slate-500">{c.contractName ?? "Contract"}</p>
                  </Td>
                  <AmountCells amounts={c.charges} unit={c.creditType} />
                  <Td align="right" className="tabular whitespace-nowrap text-slate-700">
                    {formatAmount(c.billed.before, c.creditType)} → {formatAmount(c.billed.after, c.creditType)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager pathname={pathname} params={params} nextPage={page.next_page} shown={page.data.length} />
          {run.mostAffectedByPercent.length > 0 && (
            <p className="mt-4 text-sm text-slate-600">
              Largest change in %:{" "}
              {run.mostAffectedByPercent.map((c, i) => (
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
        <Card title="Publish this change" description={`Adds ${text} to ${run.rateCard.name} from ${formatDateTime(proposal.rate.startingAt)}, exactly as simulated.`}>
          <PublishChange
            publish={publishPriceChangeAction}
            query={{ run: run.id }}
            summary={`${text} on ${run.rateCard.name} from ${formatDateTime(proposal.rate.startingAt)}`}
            historyHref={`/rate-cards/${run.rateCard.id}/products/${proposal.rate.productId}`}
            canPublish={canPublish}
          />
        </Card>
      ) : (
        <Card title="Apply these prices">
          <p className="text-sm text-slate-600">
            To bill customers with {proposal.rateCard.name}, move their contracts to it, or change prices on{" "}
            <Link href={`/rate-cards/${run.rateCard.id}`} className="font-medium text-brand-700 hover:underline">{run.rateCard.name}</Link> one by one:{" "}
            <Link href={simulationHref({ card: run.rateCard.id, mode: "rate" })} className="font-medium text-brand-700 hover:underline">simulate a single price change</Link>.
          </p>
        </Card>
      )}
      <ProgressMeter
        done={run.progress.done}
        total={run.progress.total}
        label={`Done: ${formatCount(run.progress.done)} of ${formatCount(run.progress.total)} contracts priced${seconds !== null ? ` in ${seconds.toFixed(1)} s` : ""}, finished ${formatDateTime(run.finishedAt!)}`}
      />
      <p className="text-xs text-slate-500">
        Priced {formatCount(priced * 2)} invoices from one read of each contract&apos;s usage{seconds !== null ? ` in ${seconds.toFixed(1)} s` : ""}. Balances are taken as they stood at each period&apos;s start.
      </p>
    </>
  );
}
