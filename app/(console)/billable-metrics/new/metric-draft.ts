import type { AggregationType } from "@/lib/billing/types";
import type { BillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";
import type { TCreateBillableMetric } from "@/lib/services/billable-metrics/schemas";

// The metric form edits a draft shaped like its fields (value lists as comma-separated text);
// it is sent as Metronome's create body, which the service validates like any API request.

export type FilterCondition = "any" | "exists" | "absent" | "in" | "not_in";
export type EventTypeMode = "any" | "in" | "not_in";

export type MetricDraft = {
  name: string;
  eventTypeMode: EventTypeMode;
  eventTypes: string;
  propertyFilters: { name: string; condition: FilterCondition; values: string }[];
  aggregationType: AggregationType;
  aggregationKey: string;
  /** Each a comma-separated set of properties. */
  groupKeys: { keys: string }[];
};

export const EMPTY_DRAFT: MetricDraft = {
  name: "",
  eventTypeMode: "any",
  eventTypes: "",
  propertyFilters: [],
  aggregationType: "COUNT",
  aggregationKey: "",
  groupKeys: [],
};

const join = (values: readonly string[]) => values.join(", ");

export function splitValues(text: string): string[] {
  return text
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
}

/** A copy of an existing metric, to change before creating it (definitions never change in place). */
export function draftFromMetric(metric: BillableMetricRecord): MetricDraft {
  const types = metric.eventTypeFilter;
  return {
    name: `${metric.name} (copy)`,
    eventTypeMode: types?.inValues ? "in" : types?.notInValues ? "not_in" : "any",
    eventTypes: join(types?.inValues ?? types?.notInValues ?? []),
    propertyFilters: (metric.propertyFilters ?? []).map((f) => ({
      name: f.name,
      condition: f.inValues ? "in" : f.notInValues ? "not_in" : f.exists === true ? "exists" : f.exists === false ? "absent" : "any",
      values: join(f.inValues ?? f.notInValues ?? []),
    })),
    aggregationType: metric.aggregationType,
    aggregationKey: metric.aggregationKey ?? "",
    groupKeys: metric.groupKeys.map((keys) => ({ keys: join(keys) })),
  };
}

/** Every row is sent, even an unfinished one, so that the service names it in its errors. */
export function draftToBody(draft: MetricDraft): TCreateBillableMetric {
  return {
    name: draft.name,
    ...(draft.eventTypeMode === "in" ? { event_type_filter: { in_values: splitValues(draft.eventTypes) } } : {}),
    ...(draft.eventTypeMode === "not_in" ? { event_type_filter: { not_in_values: splitValues(draft.eventTypes) } } : {}),
    property_filters: draft.propertyFilters.map((f) => ({
      name: f.name,
      ...(f.condition === "exists" ? { exists: true } : {}),
      ...(f.condition === "absent" ? { exists: false } : {}),
      ...(f.condition === "in" ? { in_values: splitValues(f.values) } : {}),
      ...(f.condition === "not_in" ? { not_in_values: splitValues(f.values) } : {}),
    })),
    aggregation_type: draft.aggregationType,
    ...(draft.aggregationType !== "COUNT" ? { aggregation_key: draft.aggregationKey.trim() } : {}),
    group_keys: draft.groupKeys.map((group) => splitValues(group.keys)),
  };
}

const LABELS: Record<string, string> = {
  name: "Metric name",
  event_type_filter: "Event types",
  property_filters: "Property filters",
  aggregation_type: "Aggregation",
  aggregation_key: "Property to aggregate",
  group_keys: "Group keys",
};

/** A field path from the service's errors ("property_filters.0.name") as the form labels it. */
export function fieldLabel(path: string): string {
  const [field = "", index] = path.split(".");
  if (field === "property_filters" && index !== undefined) return `Property filter ${Number(index) + 1}`;
  if (field === "group_keys" && index !== undefined) return `Group key ${Number(index) + 1}`;
  return LABELS[field] ?? path;
}
