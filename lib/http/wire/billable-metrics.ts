import type { BillableMetricListResponse } from "@metronome/sdk/resources/v1/billable-metrics";
import type { BillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";
import { PREVIEW_EVENT_LIMIT, type MetricPreview } from "@/lib/services/billable-metrics/preview-billable-metric";

// Billable metrics on Metronome's wire (one shape serves get, list and a customer's list), and
// the console's metric preview. The SDK's own types check the shapes at compile time.

type Values = { inValues?: readonly string[]; notInValues?: readonly string[] };

const values = (v: Values) => ({
  ...(v.inValues ? { in_values: [...v.inValues] } : {}),
  ...(v.notInValues ? { not_in_values: [...v.notInValues] } : {}),
});

export function billableMetricToWire(metric: BillableMetricRecord) {
  return {
    id: metric.id,
    name: metric.name,
    aggregation_type: metric.aggregationType,
    ...(metric.aggregationKey ? { aggregation_key: metric.aggregationKey } : {}),
    ...(metric.eventTypeFilter ? { event_type_filter: values(metric.eventTypeFilter) } : {}),
    property_filters: (metric.propertyFilters ?? []).map((f) => ({ name: f.name, ...(f.exists !== undefined ? { exists: f.exists } : {}), ...values(f) })),
    group_keys: metric.groupKeys,
    custom_fields: metric.customFields,
    ...(metric.archivedAt ? { archived_at: metric.archivedAt.toISOString() } : {}),
  } satisfies BillableMetricListResponse;
}

/** The preview as the console's form reads it: quantities as exact decimal strings. */
export function metricPreviewToJson(preview: MetricPreview) {
  return {
    startingAt: preview.window.startingAt.toISOString(),
    endingBefore: preview.window.endingBefore.toISOString(),
    customer: preview.customer,
    eventsRead: preview.eventsRead,
    eventLimit: PREVIEW_EVENT_LIMIT,
    capped: preview.capped,
    eventsSkipped: preview.eventsSkipped,
    total: preview.total?.toFixed() ?? null,
    groups: preview.groups.map((group) => ({
      keys: group.keys,
      rows: group.rows.map((row) => ({ groupValues: row.groupValues, quantity: row.quantity.toFixed() })),
      count: group.count,
    })),
  };
}
export type MetricPreviewJson = ReturnType<typeof metricPreviewToJson>;
