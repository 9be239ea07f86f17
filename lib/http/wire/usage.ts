import type { MetricDefinition } from "@/lib/metering/metric-definition";
import type { searchEvents } from "@/lib/services/usage/search-events";
import type { UsageGroupRow, UsageSeries } from "@/lib/services/usage/list-usage";

// Usage and events in Metronome's wire shapes (UsageListResponse, UsageListWithGroupsResponse,
// UsageSearchResponse in @metronome/sdk).

export function usageSeriesToWire(s: UsageSeries) {
  return {
    customer_id: s.customerId,
    billable_metric_id: s.metric.id,
    billable_metric_name: s.metric.name,
    start_timestamp: s.startingOn.toISOString(),
    end_timestamp: s.endingBefore.toISOString(),
    value: s.value,
    ...(s.groups ? { groups: Object.fromEntries(s.groups.map((g) => [g.value ?? "null", g.quantity])) } : {}),
  };
}

export function usageGroupToWire(row: UsageGroupRow, keys: string[]) {
  const single = keys.length === 1 ? keys[0]! : null;
  return {
    starting_on: row.startingOn.toISOString(),
    ending_before: row.endingBefore.toISOString(),
    group_key: single,
    group_value: single ? (row.group[single] ?? null) : null,
    value: row.value,
    ...(keys.length ? { group: row.group } : {}),
  };
}

function metricToWire(m: MetricDefinition) {
  return {
    id: m.id,
    name: m.name,
    aggregation_type: m.aggregationType,
    ...(m.aggregationKey ? { aggregation_key: m.aggregationKey } : {}),
    ...(m.eventTypeFilter ? { event_type_filter: { in_values: m.eventTypeFilter.inValues, not_in_values: m.eventTypeFilter.notInValues } } : {}),
    property_filters: (m.propertyFilters ?? []).map((f) => ({ name: f.name, exists: f.exists, in_values: f.inValues, not_in_values: f.notInValues })),
    group_keys: m.groupKeys,
  };
}

export function searchedEventToWire(e: Awaited<ReturnType<typeof searchEvents>>[number]) {
  return {
    // A duplicate's own id: it shares its transaction id with the stored event.
    id: e.isDuplicate ? `${e.transactionId}:duplicate` : e.transactionId,
    transaction_id: e.transactionId,
    customer_id: e.customerAlias,
    event_type: e.eventType,
    timestamp: e.timestamp.toISOString(),
    properties: e.properties,
    processed_at: e.receivedAt.toISOString(),
    is_duplicate: e.isDuplicate,
    ...(e.customer ? { matched_customer: { id: e.customer.id, name: e.customer.name } } : {}),
    matched_billable_metrics: e.matchedMetrics.map(metricToWire),
  };
}
