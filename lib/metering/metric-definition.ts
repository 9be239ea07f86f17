import type { AggregationType, BillableMetric, PropertyFilter } from "@/lib/billing/types";

// A billable metric as metering uses it: the engine's definition plus its group keys. Rollups
// keep the finest grouping — every property named in any group key — so that any of the
// metric's group keys (and any subset a product prices by) can be read from them.

export type MetricDefinition = Omit<BillableMetric, "groupKeys"> & {
  groupKeys: string[][];
  /** Sorted union of all group keys: the dimensions the rollups are kept at. */
  rollupKeys: string[];
};

type WireFilter = { name: string; exists?: boolean; in_values?: string[]; not_in_values?: string[] };

export type MetricRow = {
  id: string;
  name: string;
  aggregationType: AggregationType;
  aggregationKey: string | null;
  eventTypeFilter: unknown;
  propertyFilters: unknown;
  groupKeys: unknown;
};

export function toMetricDefinition(row: MetricRow): MetricDefinition {
  const typeFilter = row.eventTypeFilter as { in_values?: string[]; not_in_values?: string[] } | null;
  const groupKeys = (row.groupKeys as string[][] | null) ?? [];
  return {
    id: row.id,
    name: row.name,
    aggregationType: row.aggregationType,
    aggregationKey: row.aggregationKey ?? undefined,
    eventTypeFilter: typeFilter ? { inValues: typeFilter.in_values, notInValues: typeFilter.not_in_values } : undefined,
    propertyFilters: ((row.propertyFilters as WireFilter[] | null) ?? []).map(
      (f): PropertyFilter => ({ name: f.name, exists: f.exists, inValues: f.in_values, notInValues: f.not_in_values }),
    ),
    groupKeys,
    rollupKeys: [...new Set(groupKeys.flat())].sort(),
  };
}

export const METRIC_SELECT = {
  id: true,
  name: true,
  aggregationType: true,
  aggregationKey: true,
  eventTypeFilter: true,
  propertyFilters: true,
  groupKeys: true,
} as const;
