import type { MetricDefinition } from "./metric-definition";
import type { SqlParams } from "./sql-params";

// The SQL form of a metric's semantics, over rows `e` of usage_event. It states in SQL what
// lib/billing/aggregation.ts states in TypeScript, and a randomized test holds the two equal:
// - a property's text is its string, or a number/boolean printed as JSON; JSON null is absent;
// - SUM, MAX and LATEST read a non-negative number (or numeric string); an event whose value is
//   missing or not such a number does not count for them (the engine refuses such input).

const NUMERIC_TEXT = "'^-?[0-9]+(\\.[0-9]+)?$'";

export function propertyText(key: string, params: SqlParams): string {
  return `(e.properties ->> ${params.add(key, "text")})`;
}

/** The metric's billed number from an event, or NULL when the event carries none. */
export function numericValue(key: string, params: SqlParams): string {
  const k = params.add(key, "text");
  // A JSON number converts without being printed and parsed again.
  return `(CASE jsonb_typeof(e.properties -> ${k})
    WHEN 'number' THEN CASE WHEN (e.properties -> ${k})::numeric >= 0 THEN (e.properties -> ${k})::numeric END
    WHEN 'string' THEN CASE WHEN (e.properties ->> ${k}) ~ ${NUMERIC_TEXT} AND (e.properties ->> ${k})::numeric >= 0 THEN (e.properties ->> ${k})::numeric END END)`;
}

/**
 * The WHERE condition selecting the events the metric counts. `withValue: false` leaves out the
 * test that the event carries the aggregated value, for callers that compute it once and test it.
 */
export function metricCondition(metric: MetricDefinition, params: SqlParams, { withValue = true } = {}): string {
  const conditions: string[] = [];
  const typeFilter = metric.eventTypeFilter;
  if (typeFilter?.inValues) conditions.push(`e.event_type = ANY(${params.textArray(typeFilter.inValues)})`);
  if (typeFilter?.notInValues) conditions.push(`NOT (e.event_type = ANY(${params.textArray(typeFilter.notInValues)}))`);
  for (const filter of metric.propertyFilters ?? []) {
    // A placeholder per use: one added but never used would leave PostgreSQL unable to type it.
    const value = () => propertyText(filter.name, params);
    if (filter.exists === true) conditions.push(`${value()} IS NOT NULL`);
    if (filter.exists === false) conditions.push(`${value()} IS NULL`);
    if (filter.inValues) conditions.push(`${value()} = ANY(${params.textArray(filter.inValues)})`);
    if (filter.notInValues) {
      const text = value();
      conditions.push(`(${text} IS NULL OR NOT (${text} = ANY(${params.textArray(filter.notInValues)})))`);
    }
  }
  const value = withValue ? aggregatedValue(metric, params) : undefined;
  if (value) conditions.push(`${value} IS NOT NULL`);
  return conditions.length ? conditions.join(" AND ") : "TRUE";
}

/** What the metric aggregates from an event (NULL when it carries none); none for COUNT. */
export function aggregatedValue(metric: MetricDefinition, params: SqlParams): string | undefined {
  if (metric.aggregationType === "COUNT") return undefined;
  if (metric.aggregationType === "UNIQUE") return propertyText(metric.aggregationKey!, params);
  return numericValue(metric.aggregationKey!, params);
}

/**
 * The rollup's group tuple as canonical JSON text (keys sorted, absent values null), from the
 * event's properties or from columns already holding each key's text.
 */
export function groupValuesText(keys: readonly string[], params: SqlParams, values = keys.map((k) => propertyText(k, params))): string {
  if (keys.length === 0) return `'{}'::text`;
  const pairs = keys.map((k, i) => `${params.add(k, "text")}, ${values[i]}`);
  return `jsonb_build_object(${pairs.join(", ")})::text`;
}
