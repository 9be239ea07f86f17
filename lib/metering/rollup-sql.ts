import type { MetricDefinition } from "./metric-definition";
import { groupValuesText, metricCondition, numericValue, propertyText } from "./metric-sql";
import type { SqlParams } from "./sql-params";

// Builds the data-modifying CTEs that fold a set of events into the hourly rollups. The events
// come from a CTE named `src` with usage_event's columns (a seq range the rollup job folds in,
// the rows an alias assignment just attributed, or a backfill range), so each caller does its
// whole write in one statement.

export type RollupTarget = {
  metric: MetricDefinition;
  /** Events in (from, through] by seq are left to the metric's backfill; undefined: none. */
  pendingBackfill?: { from: bigint; through: bigint };
};

const HOUR = `date_trunc('hour', e."timestamp", 'UTC')`;
const KEY = "customer_id, metric_id, group_values, hour";

function scope(target: RollupTarget, params: SqlParams) {
  const conditions = ["e.customer_id IS NOT NULL", metricCondition(target.metric, params)];
  const pending = target.pendingBackfill;
  if (pending && pending.through > pending.from) {
    conditions.push(`(e.seq <= ${params.add(pending.from.toString(), "bigint")} OR e.seq > ${params.add(pending.through.toString(), "bigint")})`);
  }
  return conditions.join(" AND ");
}

function additiveSelect(target: RollupTarget, params: SqlParams) {
  const { metric } = target;
  const value = metric.aggregationType === "COUNT" ? "count(*)::numeric" : `sum(${numericValue(metric.aggregationKey!, params)})`;
  return `SELECT e.customer_id, ${params.add(metric.id, "uuid")} AS metric_id, ${groupValuesText(metric.rollupKeys, params)} AS group_values, ${HOUR} AS hour, ${value} AS value, count(*) AS event_count
    FROM src e WHERE ${scope(target, params)} GROUP BY 1, 2, 3, 4`;
}

function maxSelect(target: RollupTarget, params: SqlParams) {
  const { metric } = target;
  return `SELECT e.customer_id, ${params.add(metric.id, "uuid")} AS metric_id, ${groupValuesText(metric.rollupKeys, params)} AS group_values, ${HOUR} AS hour, max(${numericValue(metric.aggregationKey!, params)}) AS value, count(*) AS event_count
    FROM src e WHERE ${scope(target, params)} GROUP BY 1, 2, 3, 4`;
}

function latestSelect(target: RollupTarget, params: SqlParams) {
  const { metric } = target;
  return `SELECT DISTINCT ON (e.customer_id, 3, 4) e.customer_id, ${params.add(metric.id, "uuid")} AS metric_id, ${groupValuesText(metric.rollupKeys, params)} AS group_values, ${HOUR} AS hour,
      ${numericValue(metric.aggregationKey!, params)} AS value, count(*) OVER (PARTITION BY e.customer_id, ${groupValuesText(metric.rollupKeys, params)}, ${HOUR}) AS event_count,
      e."timestamp" AS latest_at, e.transaction_id AS latest_transaction_id
    FROM src e WHERE ${scope(target, params)}
    ORDER BY e.customer_id, 3, 4, e."timestamp" DESC, e.transaction_id DESC`;
}

function uniqueSelect(target: RollupTarget, params: SqlParams) {
  const { metric } = target;
  return `SELECT DISTINCT e.customer_id, ${params.add(metric.id, "uuid")} AS metric_id, ${groupValuesText(metric.rollupKeys, params)} AS group_values, ${HOUR} AS hour, ${propertyText(metric.aggregationKey!, params)} AS value
    FROM src e WHERE ${scope(target, params)}`;
}

const union = (selects: string[]) => selects.map((s) => `(${s})`).join("\nUNION ALL\n");

/** The CTEs (without WITH) that apply `src` to the rollups of every target; "" when none. */
export function rollupCtes(targets: RollupTarget[], params: SqlParams): string {
  const by = (types: string[]) => targets.filter((t) => types.includes(t.metric.aggregationType));
  const ctes: string[] = [];
  const additive = by(["COUNT", "SUM"]).map((t) => additiveSelect(t, params));
  if (additive.length) {
    ctes.push(`rollup_additive AS (INSERT INTO usage_rollup (${KEY}, value, event_count)
      SELECT * FROM (${union(additive)}) r ORDER BY 1, 2, 3, 4
      ON CONFLICT (${KEY}) DO UPDATE SET value = usage_rollup.value + excluded.value, event_count = usage_rollup.event_count + excluded.event_count
      RETURNING 1)`);
  }
  const max = by(["MAX"]).map((t) => maxSelect(t, params));
  if (max.length) {
    ctes.push(`rollup_max AS (INSERT INTO usage_rollup (${KEY}, value, event_count)
      SELECT * FROM (${union(max)}) r ORDER BY 1, 2, 3, 4
      ON CONFLICT (${KEY}) DO UPDATE SET value = greatest(usage_rollup.value, excluded.value), event_count = usage_rollup.event_count + excluded.event_count
      RETURNING 1)`);
  }
  const latest = by(["LATEST"]).map((t) => latestSelect(t, params));
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
  const unique = by(["UNIQUE"]).map((t) => uniqueSelect(t, params));
  if (unique.length) {
    ctes.push(`rollup_unique AS (INSERT INTO usage_rollup_unique (${KEY}, value)
      SELECT * FROM (${union(unique)}) r ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT DO NOTHING
      RETURNING 1)`);
  }
  return ctes.join(",\n");
}
