import { sum, ZERO, type Decimal } from "@/lib/billing/decimal";
import type { AggregationType } from "@/lib/billing/types";
import { METRIC_SELECT, toMetricDefinition } from "@/lib/metering/metric-definition";
import { buckets as bucketsOf, queryUsageBatch, type UsageRequest } from "@/lib/metering/usage-query";
import type { ServiceContext } from "@/lib/services/context";
import { listCustomerActivity } from "@/lib/services/customers/customer-activity";
import { parseInput } from "@/lib/services/parse-input";
import { balanceLevels, isChargeLine, periodSpend, readStandings } from "./customer-standing";
import { ZGetOverview, type OverviewRange } from "./schemas";

// The console's Overview: revenue so far this period from the live drafts (by product and by
// customer, per credit type), the usage trend of every metric from the rollups, the commits
// and credits running low, and the rate of incoming events. Every signed-in role may read it
// (roles only limit writes). Each customer's drafts are priced once per read; amounts travel
// as exact decimal strings, and chart points are derived from them in the browser.

/** A commit or credit is "running low" below this share of what it grants. */
export const LOW_BALANCE_SHARE = "0.2";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;

type Unit = { id: string; name: string };

export type Overview = {
  asOf: string;
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
      byProduct: { key: string; name: string; amount: string }[];
      byCustomer: { id: string; name: string; charges: string; total: string }[];
    }[];
    /** Customers whose contract cannot be priced; their revenue is missing above. */
    unpriced: { id: string; name: string; message: string }[];
  };
  usage: {
    range: OverviewRange;
    windowSize: "HOUR" | "DAY";
    /** Bucket starts (ISO), oldest first; the last bucket ends now. */
    buckets: string[];
    metrics: { id: string; name: string; aggregationType: AggregationType; total: string | null; values: string[] }[];
  };
  balances: {
    /** Live commits and credits with an active segment, across customers. */
    tracked: number;
    /** Those below LOW_BALANCE_SHARE of their grant, emptiest first. */
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
    customers: { id: string; name: string; spend: { creditType: Unit; charges: string }[]; eventsLastHour: number; eventsLastDay: number; lastEventAt: string | null }[];
  };
};

const unit = (c: Unit): Unit => ({ id: c.id, name: c.name });

/** Summing across customers is a total for COUNT and SUM; for the others it is a sum of per-customer figures. */
const additive = (type: AggregationType) => type === "COUNT" || type === "SUM";

function trendWindow(range: OverviewRange, now: Date) {
  if (range === "24h") return { windowSize: "HOUR" as const, startingOn: new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS) };
  const days = range === "7d" ? 7 : 30;
  return { windowSize: "DAY" as const, startingOn: new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS) };
}

export async function getOverview(ctx: ServiceContext, input: unknown, now = new Date()): Promise<Overview> {
  const { range } = parseInput(ZGetOverview, input);
  const db = ctx.db;
  const activity = await listCustomerActivity(ctx, now);
  const names = new Map(activity.map((c) => [c.id, c.name]));
  const standings = await readStandings(db, activity.map((c) => c.id), now);

  // Revenue, per credit type.
  type Block = { creditType: Unit; charges: Decimal; applied: Decimal; total: Decimal; products: Map<string, { name: string; amount: Decimal }>; customers: Overview["revenue"]["creditTypes"][number]["byCustomer"] };
  const blocks = new Map<string, Block>();
  const block = (creditType: Unit) => {
    const found = blocks.get(creditType.id);
    if (found) return found;
    const created: Block = { creditType: unit(creditType), charges: ZERO, applied: ZERO, total: ZERO, products: new Map(), customers: [] };
    blocks.set(creditType.id, created);
    return created;
  };
  const unpriced: Overview["revenue"]["unpriced"] = [];
  const spendByCustomer = new Map<string, { creditType: Unit; charges: string }[]>();
  const low: Overview["balances"]["low"] = [];
  let tracked = 0;
  const threshold = ZERO.plus(LOW_BALANCE_SHARE);

  for (const [customerId, result] of standings) {
    const name = names.get(customerId)!;
    if (!result.ok) {
      unpriced.push({ id: customerId, name, message: result.message });
      continue;
    }
    const spend = periodSpend(result.standing);
    spendByCustomer.set(customerId, spend.map((s) => ({ creditType: unit(s.creditType), charges: s.charges.toFixed() })));
    for (const s of spend) {
      const b = block(s.creditType);
      b.charges = b.charges.plus(s.charges);
      b.applied = b.applied.plus(s.applied);
      b.total = b.total.plus(s.total);
      b.customers.push({ id: customerId, name, charges: s.charges.toFixed(), total: s.total.toFixed() });
    }
    for (const draft of result.standing.current) {
      for (const line of draft.invoice.lines) {
        if (!isChargeLine(line.type) || line.creditType.id !== draft.invoice.creditType.id) continue;
        const key = line.productId ?? `line:${line.name}`;
        const products = block(draft.invoice.creditType).products;
        const entry = products.get(key) ?? { name: (line.productId && draft.pricing.products.get(line.productId)?.name) || line.name, amount: ZERO };
        entry.amount = entry.amount.plus(line.total);
        products.set(key, entry);
      }
    }
    for (const level of balanceLevels(result.standing)) {
      tracked++;
      if (level.granted.lte(0) || level.remaining.div(level.granted).gte(threshold)) continue;
      low.push({
        id: level.id,
        name: level.name,
        kind: level.kind,
        customer: { id: customerId, name },
        contractId: level.contractId,
        creditType: unit(level.creditType),
        granted: level.granted.toFixed(),
        used: level.used.toFixed(),
        remaining: level.remaining.toFixed(),
        remainingPercent: level.remaining.div(level.granted).times(100).toDecimalPlaces(1).toFixed(1),
        expiresAt: level.expiresAt?.toISOString() ?? null,
      });
    }
  }
  low.sort((a, b) => Number(a.remainingPercent) - Number(b.remainingPercent) || a.customer.name.localeCompare(b.customer.name));

  const byAmount = <T>(amount: (t: T) => Decimal) => (a: T, b: T) => amount(b).comparedTo(amount(a));
  const creditTypes = [...blocks.values()].sort(byAmount((b) => b.charges)).map((b) => ({
    creditType: b.creditType,
    charges: b.charges.toFixed(),
    applied: b.applied.toFixed(),
    total: b.total.toFixed(),
    byProduct: [...b.products.entries()]
      .map(([key, p]) => ({ key, name: p.name, amount: p.amount }))
      .filter((p) => !p.amount.isZero())
      .sort(byAmount((p) => p.amount))
      .map((p) => ({ ...p, amount: p.amount.toFixed() })),
    byCustomer: b.customers.sort((x, y) => ZERO.plus(y.charges).comparedTo(x.charges) || x.name.localeCompare(y.name)),
  }));

  const usage = await usageTrend(ctx, activity.map((c) => c.id), range, now);
  const events = await eventsPerMinute(ctx, now);
  return {
    asOf: now.toISOString(),
    revenue: { creditTypes, unpriced },
    usage,
    balances: { tracked, low },
    events: {
      lastHour: activity.reduce((n, c) => n + c.eventsLastHour, 0),
      lastDay: activity.reduce((n, c) => n + c.eventsLastDay, 0),
      perMinute: events,
      customers: activity.map((c) => ({
        id: c.id,
        name: c.name,
        spend: spendByCustomer.get(c.id) ?? [],
        eventsLastHour: c.eventsLastHour,
        eventsLastDay: c.eventsLastDay,
        lastEventAt: c.lastEventAt?.toISOString() ?? null,
      })),
    },
  };
}

/** Every live metric's usage per bucket, summed over the live customers, in one round trip. */
async function usageTrend(ctx: ServiceContext, customerIds: readonly string[], range: OverviewRange, now: Date): Promise<Overview["usage"]> {
  const { windowSize, startingOn } = trendWindow(range, now);
  const starts = bucketsOf(startingOn, now, windowSize).map((b) => b.startingOn.getTime());
  const metrics = (await ctx.db.billableMetric.findMany({ where: { archivedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: METRIC_SELECT })).map(
    toMetricDefinition,
  );
  const requests: UsageRequest[] = metrics.flatMap((metric) => customerIds.map((customerId) => ({ customerId, metric, startingOn, endingBefore: now, windowSize })));
  const results = requests.length ? await queryUsageBatch(ctx.db, requests) : [];
  const index = new Map(starts.map((t, i) => [t, i]));
  return {
    range,
    windowSize,
    buckets: starts.map((t) => new Date(t).toISOString()),
    metrics: metrics.map((metric, m) => {
      const values = starts.map(() => ZERO);
      results.slice(m * customerIds.length, (m + 1) * customerIds.length).forEach((perCustomer) => {
        for (const bucket of perCustomer) {
          const i = index.get(bucket.startingOn.getTime());
          if (i !== undefined) values[i] = values[i]!.plus(sum(bucket.groups.map((g) => g.value)));
        }
      });
      return {
        id: metric.id,
        name: metric.name,
        aggregationType: metric.aggregationType,
        total: additive(metric.aggregationType) ? sum(values).toFixed() : null,
        values: values.map((v) => v.toFixed()),
      };
    }),
  };
}

/** Events per minute over the last hour, every minute present (zero when none came). */
async function eventsPerMinute(ctx: ServiceContext, now: Date): Promise<Overview["events"]["perMinute"]> {
  const first = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS;
  const rows = await ctx.db.$queryRaw<{ minute: Date; n: bigint }[]>`
    SELECT date_trunc('minute', "timestamp", 'UTC') AS minute, count(*) AS n
    FROM usage_event
    WHERE "timestamp" >= ${new Date(first)} AND "timestamp" < ${now}
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [r.minute.getTime(), Number(r.n)]));
  return Array.from({ length: 61 }, (_, i) => {
    const t = first + i * MINUTE_MS;
    return { minute: new Date(t).toISOString(), count: counts.get(t) ?? 0 };
  });
}
