"use client";

import { keepPreviousData, QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Freshness } from "@/components/console/freshness";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatCount, formatRelative, formatShortDay } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import type { Overview } from "@/lib/services/overview/get-overview";
import { OVERVIEW_RANGES, type OverviewRange } from "@/lib/services/overview/schemas";
import { EventsRate } from "./events-rate";
import { RevenueBreakdown } from "./revenue-breakdown";
import { UsageTrend } from "./usage-trend";

export const REFRESH_MS = 5000;

class OverviewFetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function fetchOverview(range: OverviewRange): Promise<Overview> {
  const response = await fetch(`/api/console/overview?range=${range}`, { cache: "no-store" });
  const body = (await response.json().catch(() => ({}))) as Overview & { message?: string };
  if (!response.ok) throw new OverviewFetchError(response.status, body.message ?? `The overview could not be read (${response.status}).`);
  return body;
}

/**
 * The Overview's live part. The server renders the first answer (no spinner on arrival); then it
 * polls, and while a poll or a range change is in flight the last answer stays on screen
 * (keepPreviousData), so nothing blanks or jumps.
 */
export function OverviewDashboard({ initial, initialRange }: { initial: Overview; initialRange: OverviewRange }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: (count, error) => !(error instanceof OverviewFetchError && error.status < 500) && count < 2, refetchOnWindowFocus: false } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <LiveOverview initial={initial} initialRange={initialRange} />
    </QueryClientProvider>
  );
}

function LiveOverview({ initial, initialRange }: { initial: Overview; initialRange: OverviewRange }) {
  const [range, setRange] = useState(initialRange);
  const query = useQuery({
    queryKey: ["console-overview", range],
    queryFn: () => fetchOverview(range),
    initialData: range === initialRange ? initial : undefined,
    initialDataUpdatedAt: Date.parse(initial.asOf),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  const overview = query.data ?? initial;
  const chooseRange = (next: OverviewRange) => {
    setRange(next);
    // The range is part of the address, so a shared link opens the same view.
    const url = new URL(window.location.href);
    if (next === "7d") url.searchParams.delete("range");
    else url.searchParams.set("range", next);
    window.history.replaceState(null, "", url);
  };
  const asOf = new Date(overview.asOf);

  return (
    <div className="space-y-6">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500" data-testid="overview-status">
        <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${query.isError ? "bg-amber-500" : "bg-emerald-500"}`} />
        <span>
          Live · refreshes every {REFRESH_MS / 1000} s · <Freshness freshness={overview.freshness} now={asOf} />
        </span>
      </p>
      {query.isError && (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The last refresh failed ({query.error.message}). The figures below are from {asOf.toISOString().slice(11, 19)} UTC; it keeps trying.
        </p>
      )}
      <Stats overview={overview} />
      <Revenue overview={overview} />
      <Card
        title="Usage trend"
        description={`Every billable metric, all customers, per ${overview.usage.windowSize === "HOUR" ? "hour" : "day"}. From the hourly rollups.`}
        actions={<RangePicker range={range} onChange={chooseRange} busy={query.isFetching && query.isPlaceholderData} />}
      >
        {overview.usage.metrics.length === 0 ? (
          <EmptyState title="No billable metrics yet">
            <Link href="/billable-metrics" className="text-brand-700 underline">Define a billable metric</Link> to see its usage here.
          </EmptyState>
        ) : (
          <UsageTrend usage={overview.usage} />
        )}
        {overview.usage.perCustomerOnly.length > 0 && (
          <p className="mt-3 text-xs text-slate-500">
            {overview.usage.perCustomerOnly.join(", ")} count distinct or latest values, which do not add up across customers: see them on each customer&apos;s page.
          </p>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <LowBalances overview={overview} />
        <Card title="Recent events" description="Events per minute over the last hour, by event time, across all customers.">
          <EventsRate events={overview.events} />
        </Card>
      </div>
      <Customers overview={overview} now={asOf} />
    </div>
  );
}

function RangePicker({ range, onChange, busy }: { range: OverviewRange; onChange: (r: OverviewRange) => void; busy: boolean }) {
  const labels: Record<OverviewRange, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days" };
  return (
    <div className="flex shrink-0 items-center gap-3">
      {busy && <span className="text-xs text-slate-500">Updating…</span>}
      <div role="group" aria-label="Usage trend range" aria-busy={busy} className="inline-flex rounded-lg border border-slate-200 bg-slate-50 p-0.5">
        {OVERVIEW_RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === range}
            onClick={() => onChange(r)}
            className={`rounded-md px-3 py-1 text-sm font-medium ${r === range ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900"}`}
          >
            {labels[r]}
          </button>
        ))}
      </div>
    </div>
  );
}

function Stats({ overview }: { overview: Overview }) {
  const [main] = overview.revenue.creditTypes;
  const others = overview.revenue.creditTypes.slice(1);
  const perMinute = overview.events.perMinute.slice(0, -1);
  const lastFive = perMinute.slice(-5).reduce((n, m) => n + m.count, 0) / 5;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Stat
        label="Charges this period"
        value={main ? formatAmount(main.charges, main.creditType) : "—"}
        detail={main ? `${others.length ? `plus ${others.map((o) => formatAmount(o.charges, o.creditType)).join(", ")} · ` : ""}from the live drafts` : "No charges yet"}
      />
      <Stat
        label="To invoice so far"
        value={main ? formatAmount(main.total, main.creditType) : "—"}
        detail={main ? `${formatAmount(main.applied, main.creditType)} covered by commits and credits` : "No drafts yet"}
      />
      <Stat label="Events, last hour" value={formatCount(overview.events.lastHour)} detail={`${lastFive.toFixed(1)} a minute lately · ${formatCount(overview.events.lastDay)} in 24 h`} />
      <Stat
        label="Balances running low"
        value={formatCount(overview.balances.lowCount)}
        detail={`of ${formatCount(overview.balances.tracked)} active commits and credits`}
        tone={overview.balances.lowCount ? "amber" : undefined}
      />
    </div>
  );
}

function Stat({ label, value, detail, tone }: { label: string; value: string; detail: string; tone?: "amber" }) {
  return (
    <div className={`rounded-xl border bg-white px-5 py-4 shadow-xs ${tone === "amber" ? "border-amber-300" : "border-slate-200"}`}>
      <p className="text-sm text-slate-500">{label}</p>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{detail}</p>
    </div>
  );
}

function Revenue({ overview }: { overview: Overview }) {
  const { creditTypes, unpriced } = overview.revenue;
  return (
    <>
      {unpriced.length > 0 && (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
          {unpriced.map((u) => (
            <span key={u.id} className="block">
              <Link href={`/customers/${u.id}`} className="font-medium underline">{u.name}</Link> is left out of revenue: {u.message}
            </span>
          ))}
          {overview.revenue.unpricedCount > unpriced.length && (
            <span className="block">and {formatCount(overview.revenue.unpricedCount - unpriced.length)} more customers whose contracts cannot be priced.</span>
          )}
        </p>
      )}
      {creditTypes.length === 0 ? (
        <Card title="Revenue this period">
          <EmptyState title="No charges yet this period">Revenue appears here as soon as a customer with a contract sends usage.</EmptyState>
        </Card>
      ) : (
        creditTypes.map((block) => {
          const suffix = creditTypes.length > 1 ? ` (${block.creditType.name})` : "";
          return (
            <div key={block.creditType.id} className="grid gap-6 lg:grid-cols-2">
              <Card title={`Revenue by product${suffix}`} description={`Charges so far this period, before commits and credits: ${formatAmount(block.charges, block.creditType)} in all.`}>
                <RevenueBreakdown
                  label="Product"
                  unit={block.creditType}
                  total={block.charges}
                  color="#3b54d6"
                  rows={block.byProduct.map((p) => ({ key: p.key, name: p.name, amount: p.amount, href: p.key.startsWith("line:") ? undefined : `/products/${p.key}` }))}
                />
              </Card>
              <Card title={`Revenue by customer${suffix}`} description={`Charges so far this period; ${formatAmount(block.total, block.creditType)} to invoice after commits and credits.`}>
                <RevenueBreakdown
                  label="Customer"
                  unit={block.creditType}
                  total={block.charges}
                  color="#10b981"
                  rows={block.byCustomer.map((c) => ({
                    key: c.id,
                    name: c.name,
                    amount: c.charges,
                    href: `/customers/${c.id}`,
                    note: c.total !== c.charges ? `${formatAmount(c.total, block.creditType)} to invoice` : undefined,
                  }))}
                />
              </Card>
            </div>
          );
        })
      )}
    </>
  );
}

function LowBalances({ overview }: { overview: Overview }) {
  const { low, tracked } = overview.balances;
  return (
    <Card
      title="Commits and credits running low"
      description={`Active balances with less than 20% of their grant left, drafts' draws included${overview.balances.lowCount > low.length ? `: the ${low.length} emptiest of ${formatCount(overview.balances.lowCount)}` : ""}.`}
    >
      {low.length === 0 ? (
        <EmptyState title={tracked ? "Every balance has more than 20% left" : "No active commits or credits"}>
          {tracked ? `${formatCount(tracked)} active commits and credits are being drawn down.` : "Commits and credits are added on a customer's contract."}
        </EmptyState>
      ) : (
        <Table caption="Commits and credits running low">
          <thead>
            <tr>
              <Th>Customer · balance</Th>
              <Th align="right">Left of granted</Th>
              <Th align="right">Expires</Th>
            </tr>
          </thead>
          <tbody>
            {low.map((b) => {
              const percent = Math.max(0, Math.min(100, Number(b.remainingPercent)));
              return (
                <tr key={b.id}>
                  <Td>
                    <Link href={`/customers/${b.customer.id}`} className="font-medium text-brand-700 hover:underline">{b.customer.name}</Link>
                    <span className="block text-xs text-slate-500">
                      {b.name} · {b.kind === "COMMIT" ? "commit" : "credit"}
                    </span>
                  </Td>
                  <Td align="right">
                    <span className="tabular block whitespace-nowrap text-slate-900">
                      {formatAmount(b.remaining, b.creditType)} <span className="text-slate-500">of {formatAmount(b.granted, b.creditType)}</span>
                    </span>
                    <span className="mt-1 ml-auto block h-1.5 w-28 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                      <span className={`block h-full ${percent === 0 ? "bg-red-500" : "bg-amber-500"}`} style={{ width: `${Math.max(percent, 2)}%` }} />
                    </span>
                    <span className={`text-xs font-medium ${percent === 0 ? "text-red-700" : "text-amber-800"}`}>{percent === 0 ? "Used up" : `${b.remainingPercent}% left`}</span>
                  </Td>
                  <Td align="right" className="whitespace-nowrap text-slate-500">{b.expiresAt ? formatShortDay(b.expiresAt) : "—"}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Customers({ overview, now }: { overview: Overview; now: Date }) {
  const customers = overview.events.customers;
  return (
    <Card
      title="Top customers"
      description="The customers with the largest charges this period, with their events over the last day."
      actions={<Link href="/customers?sort=charges&order=desc" className="text-sm font-medium text-brand-700 hover:underline">All customers by charges</Link>}
    >
      {customers.length === 0 ? (
        <EmptyState title="No customers yet">Create a customer through the API, then send its usage to POST /v1/ingest.</EmptyState>
      ) : (
        <Table caption="Customers, their spend this period and their recent events">
          <thead>
            <tr>
              <Th>Customer</Th>
              <Th align="right">Charges this period</Th>
              <Th align="right">Events, 24 h</Th>
              <Th align="right">Last event</Th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <Td className="font-medium">
                  <Link href={`/customers/${c.id}`} className="text-brand-700 hover:underline">{c.name}</Link>
                </Td>
                <Td align="right" className="tabular whitespace-nowrap">{c.spend.length ? c.spend.map((s) => formatAmount(s.charges, s.creditType)).join(" + ") : "—"}</Td>
                <Td align="right" className="tabular">{formatCount(c.eventsLastDay)}</Td>
                <Td align="right" className="whitespace-nowrap text-slate-500">{c.lastEventAt ? formatRelative(new Date(c.lastEventAt), now) : "never"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
