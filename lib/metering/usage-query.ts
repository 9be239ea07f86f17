import { Decimal } from "@/lib/billing/decimal";
import type { GroupValues } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import type { MetricDefinition } from "./metric-definition";
import { rolledUp } from "./catalog";
import { aggregatedValue, fromProperties, groupValuesText, metricCondition } from "./metric-sql";
import { SqlParams } from "./sql-params";

// Usage of one customer's metric over time, read from the hourly rollups so that the cost grows
// with the hours asked for, not with the events. Whole hours come from the rollups plus the few
// events the rollup job has not folded in yet; a request whose edges fall inside an hour reads
// just those partial hours from the raw events.

export type WindowSize = "HOUR" | "DAY" | "NONE";

export type UsageRequest = {
  customerId: string;
  metric: MetricDefinition;
  startingOn: Date;
  endingBefore: Date;
  /** Buckets: hours, UTC days, or the whole range as one. */
  windowSize: WindowSize;
  /** Group by these keys (from the metric's group keys); none: one total per bucket. */
  groupBy?: readonly string[];
  /** Keep only these values of a group key. */
  groupFilter?: Readonly<Record<string, readonly string[]>>;
};

export type UsageBucket = {
  startingOn: Date;
  endingBefore: Date;
  /** One entry per group tuple that has usage (a single `{}` entry when not grouped). */
  groups: { groupValues: GroupValues; value: Decimal }[];
};

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
type Db = PrismaClient | Prisma.TransactionClient;

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;

/** How many buckets a range holds, counted without building them (a caller checks before allocating). */
export function countBuckets(startingOn: Date, endingBefore: Date, windowSize: WindowSize): number {
  const start = startingOn.getTime();
  const end = endingBefore.getTime();
  if (end <= start) return 0;
  if (windowSize === "NONE") return 1;
  const unit = windowSize === "HOUR" ? HOUR_MS : DAY_MS;
  return Math.ceil(end / unit) - Math.floor(start / unit);
}

/** The buckets of a request, clipped to its range. */
export function buckets(startingOn: Date, endingBefore: Date, windowSize: WindowSize): { startingOn: Date; endingBefore: Date }[] {
  const start = startingOn.getTime();
  const end = endingBefore.getTime();
  if (windowSize === "NONE") return [{ startingOn, endingBefore }];
  const unit = windowSize === "HOUR" ? HOUR_MS : DAY_MS;
  const result = [];
  for (let t = floorTo(start, unit); t < end; t += unit) {
    result.push({ startingOn: new Date(Math.max(t, start)), endingBefore: new Date(Math.min(t + unit, end)) });
  }
  return result;
}

function bucketStart(windowSize: WindowSize, column: string, params: SqlParams, start: Date) {
  if (windowSize === "HOUR") return `date_trunc('hour', ${column}, 'UTC')`;
  if (windowSize === "DAY") return `date_trunc('day', ${column}, 'UTC')`;
  return params.add(start.toISOString(), "timestamptz");
}

/**
 * The customers a statement reads: one by equality, several with `= ANY`, so a batch of customers
 * asking the same thing (a refresh prices hundreds on one rate card) is one statement, not one
 * per customer — PostgreSQL plans a union of thousands of branches slower than it runs it.
 */
type CustomerMatch = (column: string) => string;

function customerMatch(customerIds: readonly string[], params: SqlParams): CustomerMatch {
  if (customerIds.length === 1) {
    const id = params.add(customerIds[0], "uuid");
    return (column) => `${column} = ${id}`;
  }
  const ids = `${params.textArray(customerIds)}::uuid[]`;
  return (column) => `${column} = ANY(${ids})`;
}

/** Raw events of the customers that the metric counts, as rows of the same shape as rollups. */
function rawEvents(request: UsageRequest, customers: CustomerMatch, params: SqlParams, from: number, to: number, afterSeq?: bigint): string {
  const { metric } = request;
  const aggregated = aggregatedValue(metric, fromProperties(params));
  const value = aggregated ? `${aggregated}::text` : "'1'";
  return `SELECT e.customer_id AS c, e."timestamp" AS t, ${groupValuesText(metric.rollupKeys, params)}::jsonb AS g, ${value} AS value, e."timestamp" AS latest_at, e.transaction_id AS latest_tx
    FROM ${afterSeq === undefined ? "usage_event" : tail(customers, params, afterSeq)} e WHERE ${customers("e.customer_id")}
    AND e."timestamp" >= ${params.add(new Date(from).toISOString(), "timestamptz")} AND e."timestamp" < ${params.add(new Date(to).toISOString(), "timestamptz")}
    AND ${metricCondition(metric, params)}`;
}

/**
 * The customers' events past `afterSeq`, through the (customer, seq) index: its cost follows
 * these customers' events not rolled up yet, however large the backlog of all the others
 * (during a burst of millions it would otherwise be read in full by every request). OFFSET 0
 * keeps the planner from merging this into the outer query, where — with statistics older than
 * a bulk load — it may prefer to walk all of the customers' events in the range instead. The
 * upper bound changes no result: it makes this a range, which a table not analyzed yet
 * estimates as a sliver (an open `seq >` is taken as a third of the table).
 */
function tail(customers: CustomerMatch, params: SqlParams, afterSeq: bigint): string {
  return `(SELECT * FROM usage_event WHERE ${customers("customer_id")} AND seq > ${params.add(afterSeq.toString(), "bigint")} AND seq < 9223372036854775807 OFFSET 0)`;
}

/**
 * Rows (c, t, g, value, latest_at, latest_tx) for the range: rollup hours, the events the rollup
 * job has not folded in yet (seq past `rolled`, read in the same snapshot as the rollups), and
 * the raw events of partial hours at the edges.
 */
function parts(request: UsageRequest, customerIds: readonly string[], params: SqlParams, rolled: bigint): string {
  const { metric } = request;
  const start = request.startingOn.getTime();
  const end = request.endingBefore.getTime();
  const fullFrom = ceilTo(start, HOUR_MS);
  const fullTo = Math.max(fullFrom, floorTo(end, HOUR_MS));
  const rollup =
    metric.aggregationType === "UNIQUE"
      ? `SELECT customer_id AS c, hour AS t, group_values::jsonb AS g, value, NULL::timestamptz AS latest_at, NULL::text AS latest_tx FROM usage_rollup_unique`
      : `SELECT customer_id AS c, hour AS t, group_values::jsonb AS g, value::text AS value, latest_at, latest_transaction_id AS latest_tx FROM usage_rollup`;
  const customers = customerMatch(customerIds, params);
  const selects = [];
  if (fullTo > fullFrom) {
    selects.push(`${rollup} WHERE ${customers("customer_id")} AND metric_id = ${params.add(metric.id, "uuid")}
      AND hour >= ${params.add(new Date(fullFrom).toISOString(), "timestamptz")} AND hour < ${params.add(new Date(fullTo).toISOString(), "timestamptz")}`);
    selects.push(rawEvents(request, customers, params, fullFrom, fullTo, rolled));
  }
  const edges: [number, number][] = fullTo > fullFrom ? [[start, fullFrom], [fullTo, end]] : [[start, end]];
  for (const [from, to] of edges) if (to > from) selects.push(rawEvents(request, customers, params, from, to));
  return selects.join("\nUNION ALL\n");
}

function aggregate(metric: MetricDefinition): string {
  switch (metric.aggregationType) {
    case "COUNT":
    case "SUM":
      return "sum(p.value::numeric)";
    case "MAX":
      return "max(p.value::numeric)";
    case "UNIQUE":
      return "count(DISTINCT p.value)::numeric";
    case "LATEST":
      return "(array_agg(p.value::numeric ORDER BY p.latest_at DESC, p.latest_tx DESC))[1]";
  }
}

/** `bucket` in epoch milliseconds and `value` as exact text: no driver conversion on the hot path. */
type Row = { req: number; customer: string; bucket: number; keys: (string | null)[]; value: string | null };

export async function queryUsage(db: Db, request: UsageRequest): Promise<UsageBucket[]> {
  return (await queryUsageBatch(db, [request]))[0]!;
}

/**
 * Several usage requests in one round trip (a draft invoice asks one per product and window; a
 * refresh, that for hundreds of customers): requests that differ only in their customer share one
 * aggregate over all of those customers, each aggregate is tagged, and they are joined with UNION ALL.
 */
export async function queryUsageBatch(db: Db, requests: readonly UsageRequest[]): Promise<UsageBucket[][]> {
  // Per shared aggregate: its requests' indices by customer.
  const shared = new Map<string, { request: UsageRequest; members: Map<string, number[]> }>();
  requests.forEach((request, i) => {
    if (request.startingOn >= request.endingBefore) return;
    const key = sharedKey(request);
    const entry = shared.get(key) ?? { request, members: new Map<string, number[]>() };
    // Keyed as PostgreSQL prints a uuid, which is how the rows name their customer.
    const customer = request.customerId.toLowerCase();
    const indices = entry.members.get(customer);
    if (indices) indices.push(i);
    else entry.members.set(customer, [i]);
    shared.set(key, entry);
  });
  const statements = [...shared.values()];
  const rows = await inSnapshot(db, async (tx) => {
    const rolled = (await rolledUp(tx)).seq;
    const params = new SqlParams();
    const selects = statements.map((s, tag) => aggregateSql(s.request, [...s.members.keys()], params, tag, rolled));
    return selects.length ? tx.$queryRawUnsafe<Row[]>(selects.map((sql) => `(${sql})`).join("\nUNION ALL\n"), ...params.values) : [];
  });
  const byRequest = requests.map((request) => {
    const all = buckets(request.startingOn, request.endingBefore, request.windowSize);
    return new Map(all.map((b) => [floorBucket(b.startingOn.getTime(), request), { ...b, groups: [] as UsageBucket["groups"] }]));
  });
  for (const row of rows) {
    if (row.value === null) continue;
    for (const i of statements[row.req]!.members.get(row.customer) ?? []) {
      const request = requests[i]!;
      const bucket = byRequest[i]!.get(floorBucket(row.bucket, request));
      if (!bucket) continue;
      const groupValues: Record<string, string | null> = {};
      (request.groupBy ?? []).forEach((key, k) => (groupValues[key] = row.keys[k] ?? null));
      bucket.groups.push({ groupValues, value: fromDb(row.value) });
    }
  }
  return byRequest.map((buckets) => [...buckets.values()]);
}

/** A metric's definition as text, once per definition object (a batch asks about the same few thousands of times). */
const metricKeys = new WeakMap<MetricDefinition, string>();

function metricKey(metric: MetricDefinition): string {
  let key = metricKeys.get(metric);
  if (key === undefined) metricKeys.set(metric, (key = JSON.stringify(metric)));
  return key;
}

/** What a request asks, but for whom: requests with the same key can share one aggregate. */
function sharedKey(request: UsageRequest): string {
  const filter = request.groupFilter ? JSON.stringify(Object.entries(request.groupFilter).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : "";
  return `${metricKey(request.metric)}|${request.startingOn.getTime()}|${request.endingBefore.getTime()}|${request.windowSize}|${JSON.stringify(request.groupBy ?? [])}|${filter}`;
}

function floorBucket(ms: number, request: UsageRequest): number {
  if (request.windowSize === "NONE") return request.startingOn.getTime();
  return floorTo(ms, request.windowSize === "HOUR" ? HOUR_MS : DAY_MS);
}

/**
 * Rollups and rolled_seq must come from one snapshot, or a rollup committed between two reads
 * would be counted twice (in the rollups and in the tail). A caller's own transaction is used
 * as it is.
 */
function inSnapshot<T>(db: Db, read: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // A transaction client still exposes $transaction (for nesting, which PGlite's adapter lacks);
  // only a root client can connect.
  if (!("$connect" in db) || typeof db.$connect !== "function") return read(db);
  return (db as PrismaClient).$transaction(read, { isolationLevel: "RepeatableRead", maxWait: 30_000, timeout: 60_000 });
}

function aggregateSql(request: UsageRequest, customerIds: readonly string[], params: SqlParams, tag: number, rolled: bigint): string {
  const source = parts(request, customerIds, params, rolled);
  const keyExprs = (request.groupBy ?? []).map((k) => `p.g ->> ${params.add(k, "text")}`);
  const filters = Object.entries(request.groupFilter ?? {}).map(
    ([key, values]) => `p.g ->> ${params.add(key, "text")} = ANY(${params.textArray(values)})`,
  );
  const bucket = bucketStart(request.windowSize, "p.t", params, request.startingOn);
  return `SELECT ${tag}::int AS req, p.c::text AS customer, (extract(epoch FROM ${bucket}) * 1000)::float8 AS bucket, ARRAY[${keyExprs.join(", ")}]::text[] AS keys, (${aggregate(request.metric)})::text AS value
    FROM (${source}) p
    ${filters.length ? `WHERE ${filters.join(" AND ")}` : ""}
    GROUP BY 1, 2, 3${keyExprs.map((k) => `, ${k}`).join("")}`;
}
