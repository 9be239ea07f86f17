import type { BillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";

// A metric's definition in words, for the list and the detail page.

const list = (values: readonly string[]) => values.join(", ");

export function aggregationText(metric: BillableMetricRecord): string {
  return metric.aggregationType === "COUNT" ? "COUNT of events" : `${metric.aggregationType} of ${metric.aggregationKey}`;
}

export function filterTexts(metric: BillableMetricRecord): string[] {
  const texts: string[] = [];
  const types = metric.eventTypeFilter;
  if (types?.inValues) texts.push(`event type is ${list(types.inValues)}`);
  if (types?.notInValues) texts.push(`event type is not ${list(types.notInValues)}`);
  for (const filter of metric.propertyFilters ?? []) {
    if (filter.exists === true && !filter.inValues) texts.push(`${filter.name} exists`);
    if (filter.exists === false) texts.push(`${filter.name} is absent`);
    if (filter.inValues) texts.push(`${filter.name} is ${list(filter.inValues)}`);
    if (filter.notInValues) texts.push(`${filter.name} is not ${list(filter.notInValues)}`);
    if (filter.exists === undefined && !filter.inValues && !filter.notInValues) texts.push(`${filter.name} (any value)`);
  }
  return texts;
}

export function groupKeyText(keys: readonly string[]): string {
  return keys.join(" + ");
}
