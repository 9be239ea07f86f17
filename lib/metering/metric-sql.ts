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

/** Where a metric's SQL reads an event's properties: a property's text, and its billed number. */
export type PropertySource = { text(key: string): string; number(key: string): string };

/** Straight from the event's JSON. */
export function fromProperties(params: SqlParams): PropertySource {
  return { text: (key) => propertyText(key, params), number: (key) => numericValue(key, params) };
}

/** The WHERE condition selecting the events the metric counts. */
export function metricCondition(metric: MetricDefinition, params: SqlParams, source = fromProperties(params)): string {
  const conditions: string[] = [];
  const typeFilter = metric.eventTypeFilter;
  if (typeFilter?.inValues) conditions.push(`e.event_type = ANY(${params.textArray(typeFilter.inValues)})`);
  if (typeFilter?.notInValues) conditions.push(`NOT (e.event_type = ANY(${params.textArray(typeFilter.notInValues)}))`);
  for (const filter of metric.propertyFilters ?? []) {
    // A placeholder per use: one added but never used would leave PostgreSQL unable to type it.
    const value = () => source.text(filter.name);
    if (filter.exists === true) conditions.push(`${value()} IS NOT NULL`);
    if (filter.exists === false) conditions.push(`${value()} IS NULL`);
    if (filter.inValues) conditions.push(`${value()} = ANY(${params.textArray(filter.inValues)})`);
    if (filter.notInValues) {
      const text = value();
      conditions.push(`(${text} IS NULL OR NOT (${text} = ANY(${params.textArray(filter.notInValues)})))`);
    }
  }
  const value = aggregatedValue(metric, source);
  if (value) conditions.push(`${value} IS NOT NULL`);
  return conditions.length ? conditions.join(" AND ") : "TRUE";
}

/** What the metric aggregates from an event (NULL when it carries none); none for COUNT. */
export function aggregatedValue(metric: MetricDefinition, source: PropertySource): string | undefined {
  if (metric.aggregationType === "COUNT") return undefined;
  if (metric.aggregationType === "UNIQUE") return source.text(metric.aggregationKey!);
  return source.number(metric.aggregationKey!);
}

const PAIRS_PER_CALL = 50;

/** The rollup's group tuple as canonical JSON text (keys sorted, absent values null). */
export function groupValuesText(keys: readonly string[], params: SqlParams, text = (key: string) => propertyText(key, params)): string {
  if (keys.length === 0) return `'{}'::text`;
  const pairs = keys.map((k) => `${params.add(k, "text")}, ${text(k)}`);
  // PostgreSQL passes a function at most 100 arguments: a wide tuple is built in parts and
  // merged (the keys are distinct, so the merged object, and its text, are the same).
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) parts.push(`jsonb_build_object(${pairs.slice(i, i + PAIRS_PER_CALL).join(", ")})`);
  return `(${parts.join(" || ")})::text`;
}
