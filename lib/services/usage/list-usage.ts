import { Decimal } from "@/lib/billing/decimal";
import { AppError } from "@/lib/errors";
import { METRIC_SELECT, toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import { countBuckets, queryUsage, type UsageBucket, type WindowSize } from "@/lib/metering/usage-query";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, encodeCursor } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { currentBillingPeriod } from "@/lib/services/contracts/current-billing-period";
import { MAX_BUCKETS, MAX_SPAN_DAYS, ZListUsage, ZListUsageGroups, type TListUsage, type TListUsageGroups } from "./schemas";

// Usage reads for the API and the console: always from the rollups (lib/metering/usage-query).

export type UsageSeries = {
  customerId: string;
  metric: { id: string; name: string };
  startingOn: Date;
  endingBefore: Date;
  /** Null for MAX and LATEST when nothing was used (there is no maximum of nothing). */
  value: Decimal | null;
  /** With a group-by: value per group value (null key: events without the property). */
  groups?: { value: string | null; quantity: Decimal | null }[];
};

const DAY_MS = 86_400_000;

const emptyValue = (metric: MetricDefinition) =>
  metric.aggregationType === "MAX" || metric.aggregationType === "LATEST" ? null : new Decimal(0);

// Counted arithmetically before anything is built or read: a range of centuries at HOUR windows
// is refused in constant time and memory.
function checkBuckets(start: Date, end: Date, windowSize: WindowSize) {
  if (end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) {
    throw new AppError("bad_request", `ending_before: a usage range spans at most ${MAX_SPAN_DAYS} days.`, { ending_before: `must be at most ${MAX_SPAN_DAYS} days after starting_on` });
  }
  if (countBuckets(start, end, windowSize) > MAX_BUCKETS) {
    throw new AppError("bad_request", `window_size: that range holds more than ${MAX_BUCKETS} ${windowSize.toLowerCase()} windows; ask for a shorter range or a larger window_size.`, {
      window_size: `the range holds more than ${MAX_BUCKETS} windows`,
    });
  }
}

async function loadMetrics(ctx: ServiceContext, ids: string[] | undefined): Promise<MetricDefinition[]> {
  const rows = await ctx.db.billableMetric.findMany({
    where: ids ? { id: { in: ids } } : { archivedAt: null },
    select: METRIC_SELECT,
    orderBy: { id: "asc" },
  });
  const missing = ids?.filter((id) => !rows.some((r) => r.id === id));
  if (missing?.length) throw new AppError("not_found", `No billable metric has the id ${missing[0]}.`);
  return rows.map(toMetricDefinition);
}

function assertGroupKeys(metric: MetricDefinition, keys: readonly string[]) {
  const unknown = keys.find((k) => !metric.rollupKeys.includes(k));
  if (unknown) throw new AppError("bad_request", `Billable metric ${metric.name} has no group key "${unknown}" (its keys: ${metric.rollupKeys.join(", ") || "none"}).`);
}

const PAIRS_PER_PAGE = 20;

/** POST /v1/usage: per customer and metric, the usage in each window; pages of customer×metric. */
export async function listUsage(ctx: ServiceContext, input: TListUsage | unknown) {
  const body = parseInput(ZListUsage, input);
  checkBuckets(body.starting_on, body.ending_before, body.window_size);
  const metrics = await loadMetrics(ctx, body.billable_metrics?.map((m) => m.id));
  const groupByOf = new Map(body.billable_metrics?.filter((m) => m.group_by).map((m) => [m.id, m.group_by!]));
  for (const metric of metrics) {
    const groupBy = groupByOf.get(metric.id);
    if (groupBy) assertGroupKeys(metric, [groupBy.key]);
  }
  const after = decodeCursor(body.next_page, ["customer", "metric"] as const, ["customer", "metric"]);
  const customers = await ctx.db.customer.findMany({
    where: { archivedAt: null, ...(body.customer_ids ? { id: { in: body.customer_ids } } : {}), ...(after ? { id: { gte: after.customer } } : {}) },
    select: { id: true },
    orderBy: { id: "asc" },
    take: PAIRS_PER_PAGE + 1,
  });
  const pairs = customers
    .flatMap((c) => metrics.map((m) => ({ customerId: c.id, metric: m })))
    .filter((p) => !after || p.customerId > after.customer || (p.customerId === after.customer && p.metric.id > after.metric));
  const page = pairs.slice(0, PAIRS_PER_PAGE);
  const data: UsageSeries[] = [];
  for (const { customerId, metric } of page) {
    const request = { customerId, metric, startingOn: body.starting_on, endingBefore: body.ending_before, windowSize: body.window_size };
    const totals = await queryUsage(ctx.db, request);
    const groupBy = groupByOf.get(metric.id);
    const grouped = groupBy
      ? await queryUsage(ctx.db, { ...request, groupBy: [groupBy.key], groupFilter: groupBy.values ? { [groupBy.key]: groupBy.values } : undefined })
      : undefined;
    totals.forEach((bucket, i) => {
      data.push({
        customerId,
        metric: { id: metric.id, name: metric.name },
        startingOn: bucket.startingOn,
        endingBefore: bucket.endingBefore,
        value: bucket.groups[0]?.value ?? emptyValue(metric),
        groups: grouped && groupBy ? groupsOf(grouped[i]!, groupBy.key, groupBy.values, metric) : undefined,
      });
    });
  }
  const last = page[page.length - 1];
  const more = pairs.length > page.length || customers.length > PAIRS_PER_PAGE;
  return { data, next_page: more && last ? encodeCursor({ customer: last.customerId, metric: last.metric.id }) : null };
}

function groupsOf(bucket: UsageBucket, key: string, requested: readonly string[] | undefined, metric: MetricDefinition) {
  const found = bucket.groups.map((g) => ({ value: g.groupValues[key] ?? null, quantity: g.value as Decimal | null }));
  // Values asked for by name appear even without usage, so a chart keeps its series.
  for (const value of requested ?? []) if (!found.some((g) => g.value === value)) found.push({ value, quantity: emptyValue(metric) });
  return found;
}

export type UsageGroupRow = { startingOn: Date; endingBefore: Date; group: Record<string, string | null>; value: Decimal | null };

/** Where a page of usage groups starts: a whole number of rows, from a cursor this API made. */
function groupsOffset(cursor: string | undefined): number {
  const offset = decodeCursor(cursor, ["offset"] as const)?.offset ?? "0";
  if (!/^\d{1,9}$/.test(offset)) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  // At most nine digits: an integer a number carries exactly.
  // eslint-disable-next-line no-restricted-syntax
  return Number(offset);
}

/** POST /v1/usage/groups: one customer's metric per window and group tuple, paged. */
export async function listUsageGroups(ctx: ServiceContext, input: TListUsageGroups | unknown, now = new Date()) {
  const body = parseInput(ZListUsageGroups, input);
  const [metric] = await loadMetrics(ctx, [body.billable_metric_id]);
  const customer = await ctx.db.customer.findUnique({ where: { id: body.customer_id }, select: { id: true } });
  if (!customer) throw new AppError("not_found", `No customer has the id ${body.customer_id}.`);
  const offset = groupsOffset(body.next_page);
  const keys = body.group_key ?? (body.group_by ? [body.group_by.key] : []);
  assertGroupKeys(metric!, [...keys, ...Object.keys(body.group_filters ?? {})]);
  const filter = { ...(body.group_filters ?? {}), ...(body.group_by?.values ? { [body.group_by.key]: body.group_by.values } : {}) };
  let window = { startingOn: body.starting_on!, endingBefore: body.ending_before! };
  if (body.current_period) {
    const period = await currentBillingPeriod(ctx.db, customer.id, now);
    if (!period) throw new AppError("bad_request", "current_period: the customer has no contract in force now, so no current billing period.", { current_period: "The customer is uncontracted" });
    window = { startingOn: period.startingAt, endingBefore: period.endingBefore };
  }
  checkBuckets(window.startingOn, window.endingBefore, body.window_size);
  const result = await queryUsage(ctx.db, {
    customerId: customer.id,
    metric: metric!,
    ...window,
    windowSize: body.window_size,
    groupBy: keys,
    groupFilter: filter,
  });
  const rows: UsageGroupRow[] = result.flatMap((bucket) =>
    bucket.groups.map((g) => ({ startingOn: bucket.startingOn, endingBefore: bucket.endingBefore, group: { ...g.groupValues }, value: g.value })),
  );
  const data = rows.slice(offset, offset + body.limit);
  return { data, keys, next_page: offset + body.limit < rows.length ? encodeCursor({ offset: String(offset + body.limit) }) : null };
}
