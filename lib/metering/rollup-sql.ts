import type { MetricDefinition } from "./metric-definition";
import { aggregatedValue, groupValuesText, metricCondition, numericValue, propertyText, type PropertySource } from "./metric-sql";
import type { SqlParams } from "./sql-params";

// Builds the data-modifying CTEs that fold a set of events into the hourly rollups. The events
// come from a CTE named `src` with usage_event's columns (a seq range the rollup job folds in,
// the rows an alias assignment just attributed, or a backfill range), so each caller does its
// whole write in one statement.

export type RollupTarget = {
  metric: MetricDefinition;
  /** Events in (from, through] by seq are left to the metric's backfill; undefined: none. */
  pendingBackfill?: { from: bigint; through: bigint };
  /** Its last rollup failed (billable_metric.rollup_error), and it has not caught up since. */
  failing?: boolean;
};

const HOUR = `date_trunc('hour', e."timestamp", 'UTC')`;
const KEY = "customer_id, metric_id, group_values, hour";

/**
 * Every property the targets read, read once per event into a column of the `facts` CTE (t0, t1,
 * … for texts, n0, n1, … for billed numbers), however many metrics, filters and group keys use it.
 */
class ExtractedProperties implements PropertySource {
  readonly columns: string[] = [];
  private readonly names = new Map<string, string>();
  constructor(private readonly params: SqlParams) {}

  text(key: string): string {
    return this.column(`t:${key}`, "t", () => propertyText(key, this.params));
  }

  number(key: string): string {
    return this.column(`n:${key}`, "n", () => numericValue(key, this.params));
  }

  private column(id: string, prefix: string, expression: () => string): string {
    let name = this.names.get(id);
    if (!name) {
      name = `${prefix}${this.names.size}`;
      this.names.set(id, name);
      this.columns.push(`${expression()} AS ${name}`);
    }
    return `e.${name}`;
  }
}

function scope(target: RollupTarget, params: SqlParams, source: PropertySource) {
  const conditions = [metricCondition(target.metric, params, source)];
  const pending = target.pendingBackfill;
  if (pending && pending.through > pending.from) {
    conditions.push(`(e.seq <= ${params.add(pending.from.toString(), "bigint")} OR e.seq > ${params.add(pending.through.toString(), "bigint")})`);
  }
  return conditions.join(" AND ");
}

/**
 * The target's events as rows of what the rollup reads: each group key's text (k0, k1, …), the
 * hour and the aggregated value v. Events are grouped by the key texts; the JSON of a group is
 * built once per group, after.
 */
function perEvent(target: RollupTarget, params: SqlParams, source: PropertySource) {
  const { metric } = target;
  const keys = metric.rollupKeys.map((k, i) => `${source.text(k)} AS k${i}`);
  const columns = ["e.customer_id", ...keys, "e.hour", `${aggregatedValue(metric, source) ?? "NULL"} AS v`, `e."timestamp"`, "e.transaction_id"];
  return `(SELECT ${columns.join(", ")} FROM facts e WHERE ${scope(target, params, source)}) x`;
}

function groupOf(target: RollupTarget, params: SqlParams) {
  const keys = target.metric.rollupKeys;
  return { by: ["customer_id", ...keys.map((_, i) => `k${i}`), "hour"].join(", "), json: groupValuesText(keys, params, (key) => `k${keys.indexOf(key)}`) };
}

/** COUNT, SUM and MAX: one row per customer, group and hour. */
function aggregateSelect(target: RollupTarget, params: SqlParams, source: PropertySource, aggregate: string) {
  const group = groupOf(target, params);
  return `SELECT customer_id, ${params.add(target.metric.id, "uuid")} AS metric_id, ${group.json} AS group_values, hour, value, event_count
    FROM (SELECT ${group.by}, ${aggregate} AS value, count(*) AS event_count FROM ${perEvent(target, params, source)} GROUP BY ${group.by}) g`;
}

function latestSelect(target: RollupTarget, params: SqlParams, source: PropertySource) {
  const group = groupOf(target, params);
  return `SELECT DISTINCT ON (${group.by}) customer_id, ${params.add(target.metric.id, "uuid")} AS metric_id, ${group.json} AS group_values, hour,
      v AS value, count(*) OVER (PARTITION BY ${group.by}) AS event_count, "timestamp" AS latest_at, transaction_id AS latest_transaction_id
    FROM ${perEvent(target, params, source)}
    ORDER BY ${group.by}, "timestamp" DESC, transaction_id DESC`;
}

function uniqueSelect(target: RollupTarget, params: SqlParams, source: PropertySource) {
  const group = groupOf(target, params);
  return `SELECT customer_id, ${params.add(target.metric.id, "uuid")} AS metric_id, ${group.json} AS group_values, hour, v AS value
    FROM (SELECT DISTINCT ${group.by}, v FROM ${perEvent(target, params, source)}) d`;
}

/**
 * Folds the same rows into each metric's hourly value across all customers (usage_metric_total),
 * for screens that span customers: a sum for COUNT and SUM, a maximum for MAX. UNIQUE and LATEST
 * do not combine across customers, so they have no total.
 */
function metricTotals(name: string, rows: string, aggregate: string, merge: string) {
  return `${name} AS (INSERT INTO usage_metric_total (metric_id, hour, value)
      SELECT metric_id, hour, ${aggregate}(value) FROM ${rows} GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (metric_id, hour) DO UPDATE SET value = ${merge}
      RETURNING 1)`;
}

const union = (selects: string[]) => selects.map((s) => `(${s})`).join("\nUNION ALL\n");

/**
 * The CTEs (without WITH) that apply `src` to the rollups of every target; "" when none. `facts`
 * reads each event once, for all targets: its hour and every property any target reads.
 */
export function rollupCtes(targets: RollupTarget[], params: SqlParams): string {
  const by = (types: string[]) => targets.filter((t) => types.includes(t.metric.aggregationType));
  const ctes: string[] = [];
  const source = new ExtractedProperties(params);
  const additive = by(["COUNT", "SUM"]).map((t) => aggregateSelect(t, params, source, t.metric.aggregationType === "COUNT" ? "count(*)::numeric" : "sum(v)"));
  if (additive.length) {
    ctes.push(`additive_rows AS (${union(additive)})`);
    ctes.push(`rollup_additive AS (INSERT INTO usage_rollup (${KEY}, value, event_count)
      SELECT * FROM additive_rows r ORDER BY 1, 2, 3, 4
      ON CONFLICT (${KEY}) DO UPDATE SET value = usage_rollup.value + excluded.value, event_count = usage_rollup.event_count + excluded.event_count
      RETURNING 1)`);
    ctes.push(metricTotals("total_additive", "additive_rows", "sum", "usage_metric_total.value + excluded.value"));
  }
  const max = by(["MAX"]).map((t) => aggregateSelect(t, params, source, "max(v)"));
  if (max.length) {
    ctes.push(`max_rows AS (${union(max)})`);
    ctes.push(`rollup_max AS (INSERT INTO usage_rollup (${KEY}, value, event_count)
      SELECT * FROM max_rows r ORDER BY 1, 2, 3, 4
      ON CONFLICT (${KEY}) DO UPDATE SET value = greatest(usage_rollup.value, excluded.value), event_count = usage_rollup.event_count + excluded.event_count
      RETURNING 1)`);
    ctes.push(metricTotals("total_max", "max_rows", "max", "greatest(usage_metric_total.value, excluded.value)"));
  }
  const latest = by(["LATEST"]).map((t) => latestSelect(t, params, source));
  if (latest.length) {
    const newer = `(excluded.latest_at, excluded.latest_transaction_id) > (usage_rollup.latest_at, usage_rollup.latest_transaction_id)`;
    ctes.push(`rollup_latest AS (INSERT INTO usage_rollup (${KEY}, value, event_count, latest_at, latest_transaction_id)
      SELECT * FROM (${union(latest)}) r ORDER BY 1, 2, 3, 4
      ON CONFLICT (${KEY}) DO UPDATE SET
        value = CASE WHEN ${newer} THEN excluded.value ELSE usage_rollup.value END,
        latest_transaction_id = CASE WHEN ${newer} THEN excluded.latest_transaction_id ELSE usage_rollup.latest_transaction_id END,
        latest_at = greatest(usage_rollup.latest_at, excluded.latest_at),
        event_count = usage_rollup.event_count + excluded.event_count
      RETURNING 1)`);
  }
  const unique = by(["UNIQUE"]).map((t) => uniqueSelect(t, params, source));
  if (unique.length) {
    ctes.push(`rollup_unique AS (INSERT INTO usage_rollup_unique (${KEY}, value)
      SELECT * FROM (${union(unique)}) r ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT DO NOTHING
      RETURNING 1)`);
  }
  if (ctes.length === 0) return "";
  const facts = `facts AS (SELECT e.seq, e.customer_id, e.event_type, e."timestamp", e.transaction_id, ${HOUR} AS hour${source.columns.map((c) => `, ${c}`).join("")}
    FROM src e WHERE e.customer_id IS NOT NULL)`;
  return [facts, ...ctes].join(",\n");
}
