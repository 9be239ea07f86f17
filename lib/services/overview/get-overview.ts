import type { AggregationType } from "@/lib/billing/types";
import { fromDb } from "@/lib/db/decimal";
import { buckets as bucketsOf } from "@/lib/metering/usage-query";
import { LOW_BALANCE_SHARE } from "@/lib/services/billing-state/constants";
import { readFreshness, type Freshness } from "@/lib/services/billing-state/read-freshness";
import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZGetOverview, type OverviewRange } from "./schemas";
import { countOf } from "@/lib/db/count";

// The console's Overview: revenue so far this period (by product and the top customers, per
// credit type), the usage trend of every metric, the commits and credits running low, and the
// rate of incoming events. Every figure is read from what the billing-state job stores
// (lib/services/billing-state) and from counters, through indexes and bounded lists, so a read
// costs the same at a hundred customers as at a hundred thousand. `freshness` says how current
// the stored figures are. Every signed-in role may read it (roles only limit writes).

/** Rows in each bounded list. */
export const TOP_CUSTOMERS = 10;
export const LOW_BALANCES_SHOWN = 20;
export const UNPRICED_SHOWN = 10;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;

type Unit = { id: string; name: string };

export type Overview = {
  asOf: string;
  freshness: Freshness;
  revenue: {
    /** One block per credit type the current drafts are in, largest first by charges. */
    creditTypes: {
      creditType: Unit;
      /** Charges so far this period, before commits, credits and discounts. */
      charges: string;
      /** What commits, credits and discounts take off the charges. */
      applied: string;
      /** What the drafts invoice so far. */
      total: string;
      /** Customers with charges or invoices in this credit type. */
      customers: number;
      byProduct: { key: string; name: string; amount: string }[];
      /** The TOP_CUSTOMERS largest by charges. */
      byCustomer: { id: string; name: string; charges: string; total: string }[];
    }[];
    /** Customers whose contract cannot be priced (the first UNPRICED_SHOWN); their revenue is missing above. */
    unpriced: { id: string; name: string; message: string }[];
    unpricedCount: number;
  };
  usage: {
    range: OverviewRange;
    windowSize: "HOUR" | "DAY";
    /** Bucket starts (ISO), oldest first; the last bucket ends now. */
    buckets: string[];
    /** COUNT and SUM summed across customers (total: the range's sum); MAX the highest of any customer (total null). */
    metrics: { id: string; name: string; aggregationType: AggregationType; total: string | null; values: string[] }[];
    /** UNIQUE and LATEST metrics: they do not combine across customers, so they are shown per customer only. */
    perCustomerOnly: string[];
  };
  balances: {
    /** Live commits and credits with an active segment, across customers. */
    tracked: number;
    /** How many are below LOW_BALANCE_SHARE of their grant. */
    lowCount: number;
    /** The emptiest LOW_BALANCES_SHOWN of those. */
    low: {
      id: string;
      name: string;
      kind: "COMMIT" | "CREDIT";
      customer: { id: string; name: string };
      contractId: string | null;
      creditType: Unit;
      granted: string;
      used: string;
      remaining: string;
      /** remaining ÷ granted, as a percentage with one decimal. */
      remainingPercent: string;
      expiresAt: string | null;
    }[];
  };
  events: {
    lastHour: number;
    lastDay: number;
    /** The last 60 whole minutes and the current one, by event timestamp. */
    perMinute: { minute: string; count: number }[];
    /** The TOP_CUSTOMERS customers with the largest charges this period (in the fiat credit type), with their events over the last 24 whole hours and the current one. */
    customers: { id: string; name: string; spend: { creditType: Unit; charges: string }[]; eventsLastDay: number; lastEventAt: string | null }[];
  };
};

function trendWindow(range: OverviewRange, now: Date) {
  if (range === "24h") return { windowSize: "HOUR" as const, startingOn: new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS) };
  const days = range === "7d" ? 7 : 30;
  return { windowSize: "DAY" as const, startingOn: new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS) };
}

const text = (value: NonNullable<Parameters<typeof fromDb>[0]>) => fromDb(value).toFixed();

export async function getOverview(ctx: ServiceContext, input: unknown, now = new Date()): Promise<Overview> {
  const { range } = parseInput(ZGetOverview, input);
  const [freshness, revenue, usage, balances, events] = await Promise.all([readFreshness(ctx.db), readRevenue(ctx), usageTrend(ctx, range, now), readBalances(ctx), readEvents(ctx, now)]);
  return { asOf: now.toISOString(), freshness, revenue, usage, balances, events };
}

async function readRevenue(ctx: ServiceContext): Promise<Overview["revenue"]> {
  const db = ctx.db;
  const rows = await db.revenueSummary.findMany({ where: { customers: { gt: 0 } }, orderBy: [{ charges: "desc" }, { key: "asc" }] });
  const creditTypes = await db.creditType.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.creditTypeId))] } }, select: { id: true, name: true } });
  const blocks = await Promise.all(
    rows
      .filter((r) => r.key === "")
      .map(async (total) => {
        const top = await db.$queryRaw<{ id: string; name: string; charges: string; total: string }[]>`
          SELECT s.customer_id::text AS id, c.name, s.charges::text AS charges, s.total::text AS total
          FROM customer_period_spend s JOIN customer c ON c.id = s.customer_id
          WHERE s.credit_type_id = ${total.creditTypeId}::uuid AND s.charges > 0
          ORDER BY s.charges DESC, s.customer_id LIMIT ${TOP_CUSTOMERS}`;
        return {
          creditType: creditTypes.find((c) => c.id === total.creditTypeId) ?? { id: total.creditTypeId, name: total.name },
          charges: text(total.charges),
          applied: text(total.applied),
          total: text(total.total),
          customers: total.customers,
          byProduct: rows
            .filter((r) => r.creditTypeId === total.creditTypeId && r.key !== "" && !fromDb(r.charges).isZero())
            .map((r) => ({ key: r.key, name: r.name, amount: text(r.charges) })),
          byCustomer: top.map((c) => ({ ...c, charges: text(c.charges), total: text(c.total) })),
        };
      }),
  );
  const unpricedWhere = { pricingError: { not: null }, customer: { archivedAt: null } } as const;
  const [unpriced, unpricedCount] = await Promise.all([
    db.customerBillingState.findMany({ where: unpricedWhere, orderBy: { customerId: "asc" }, take: UNPRICED_SHOWN, select: { customerId: true, pricingError: true, customer: { select: { name: true } } } }),
    db.customerBillingState.count({ where: unpricedWhere }),
  ]);
  return {
    creditTypes: blocks.filter((b) => !fromDb(b.charges).isZero() || !fromDb(b.total).isZero()),
    unpriced: unpriced.map((u) => ({ id: u.customerId, name: u.customer.name, message: u.pricingError! })),
    unpricedCount,
  };
}

/** Every live metric's usage per bucket across all customers, from the per-metric hourly totals. */
async function usageTrend(ctx: ServiceContext, range: OverviewRange, now: Date): Promise<Overview["usage"]> {
  const { windowSize, startingOn } = trendWindow(range, now);
  const starts = bucketsOf(startingOn, now, windowSize).map((b) => b.startingOn.getTime());
  const metrics = await ctx.db.billableMetric.findMany({ where: { archivedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, aggregationType: true } });
  const combined = metrics.filter((m) => ["COUNT", "SUM", "MAX"].includes(m.aggregationType));
  const unit = windowSize === "HOUR" ? "hour" : "day";
  const rows = combined.length
    ? await ctx.db.$queryRawUnsafe<{ metric_id: string; bucket: Date; value: string }[]>(
        `SELECT t.metric_id::text AS metric_id, date_trunc('${unit}', t.hour, 'UTC') AS bucket,
           (CASE WHEN m.aggregation_type = 'MAX' THEN max(t.value) ELSE sum(t.value) END)::text AS value
         FROM usage_metric_total t JOIN billable_metric m ON m.id = t.metric_id
         WHERE t.metric_id = ANY($1::uuid[]) AND t.hour >= $2::timestamptz AND t.hour < $3::timestamptz
         GROUP BY t.metric_id, m.aggregation_type, 2`,
        combined.map((m) => m.id),
        startingOn.toISOString(),
        now.toISOString(),
      )
    : [];
  const index = new Map(starts.map((t, i) => [t, i]));
  return {
    range,
    windowSize,
    buckets: starts.map((t) => new Date(t).toISOString()),
    metrics: combined.map((metric) => {
      const values = starts.map(() => fromDb("0"));
      for (const row of rows) {
        const i = index.get(new Date(row.bucket).getTime());
        if (row.metric_id === metric.id && i !== undefined) values[i] = fromDb(row.value);
      }
      const additive = metric.aggregationType !== "MAX";
      return {
        id: metric.id,
        name: metric.name,
        aggregationType: metric.aggregationType,
        total: additive ? values.reduce((a, b) => a.plus(b), fromDb("0")).toFixed() : null,
        values: values.map((v) => v.toFixed()),
      };
    }),
    perCustomerOnly: metrics.filter((m) => !combined.includes(m)).map((m) => m.name),
  };
}

async function readBalances(ctx: ServiceContext): Promise<Overview["balances"]> {
  const lowWhere = { remainingShare: { lt: LOW_BALANCE_SHARE } };
  const [summary, low] = await Promise.all([
    ctx.db.balanceSummary.findUnique({ where: { id: 1 } }),
    ctx.db.storedBalance.findMany({ where: lowWhere, orderBy: [{ remainingShare: "asc" }, { commitId: "asc" }], take: LOW_BALANCES_SHOWN }),
  ]);
  const [customers, creditTypes] = await Promise.all([
    ctx.db.customer.findMany({ where: { id: { in: low.map((b) => b.customerId) } }, select: { id: true, name: true } }),
    ctx.db.creditType.findMany({ where: { id: { in: low.map((b) => b.creditTypeId) } }, select: { id: true, name: true } }),
  ]);
  return {
    tracked: countOf(summary?.tracked),
    lowCount: countOf(summary?.low),
    low: low.map((b) => ({
      id: b.commitId,
      name: b.name,
      kind: b.kind,
      customer: customers.find((c) => c.id === b.customerId) ?? { id: b.customerId, name: b.customerId },
      contractId: b.contractId,
      creditType: creditTypes.find((c) => c.id === b.creditTypeId)!,
      granted: text(b.granted),
      used: text(b.used),
      remaining: text(b.remaining),
      remainingPercent: fromDb(b.remainingShare!).times(100).toDecimalPlaces(1).toFixed(1),
      expiresAt: b.expiresAt?.toISOString() ?? null,
    })),
  };
}

/** Events per minute over the last hour and the day's totals from the minute counters; the top customers' activity from their hourly counters. */
async function readEvents(ctx: ServiceContext, now: Date): Promise<Overview["events"]> {
  const first = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const [minutes, [totals], top] = await Promise.all([
    ctx.db.eventMinuteCount.findMany({ where: { minute: { gte: new Date(first), lt: now } } }),
    ctx.db.$queryRaw<{ last_day: bigint | null; last_hour: bigint | null }[]>`
      SELECT sum(count) AS last_day, sum(count) FILTER (WHERE minute >= ${hourAgo}) AS last_hour
      FROM event_minute_count WHERE minute >= ${dayAgo} AND minute < ${now}`,
    ctx.db.$queryRaw<{ id: string; name: string; last_event_at: Date | null }[]>`
      SELECT s.customer_id::text AS id, c.name, s.last_event_at
      FROM customer_billing_state s JOIN customer c ON c.id = s.customer_id
      WHERE c.archived_at IS NULL
      ORDER BY s.fiat_charges DESC, s.customer_id DESC LIMIT ${TOP_CUSTOMERS}`,
  ]);
  const ids = top.map((c) => c.id);
  const [hours, spend] = await Promise.all([
    ctx.db.customerEventHour.findMany({ where: { customerId: { in: ids }, hour: { gt: new Date(dayAgo.getTime() - HOUR_MS) } } }),
    ctx.db.customerPeriodSpend.findMany({ where: { customerId: { in: ids } }, orderBy: { creditTypeId: "asc" } }),
  ]);
  const creditTypes = await ctx.db.creditType.findMany({ where: { id: { in: [...new Set(spend.map((s) => s.creditTypeId))] } }, select: { id: true, name: true } });
  const counts = new Map(minutes.map((r) => [r.minute.getTime(), countOf(r.count)]));
  // Hourly counters: the last 24 hours and the hour in progress.
  const lastDay = (id: string) => hours.filter((h) => h.customerId === id).reduce((n, h) => n + countOf(h.count), 0);
  return {
    lastHour: countOf(totals?.last_hour),
    lastDay: countOf(totals?.last_day),
    perMinute: Array.from({ length: 61 }, (_, i) => {
      const t = first + i * MINUTE_MS;
      return { minute: new Date(t).toISOString(), count: counts.get(t) ?? 0 };
    }),
    customers: top.map((c) => ({
      id: c.id,
      name: c.name,
      spend: spend
        .filter((s) => s.customerId === c.id && !fromDb(s.charges).isZero())
        .map((s) => ({ creditType: creditTypes.find((t) => t.id === s.creditTypeId)!, charges: text(s.charges) })),
      eventsLastDay: lastDay(c.id),
      lastEventAt: c.last_event_at?.toISOString() ?? null,
    })),
  };
}
