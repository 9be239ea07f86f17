import { Decimal, ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import { groupKey } from "./groups";
import type { AggregationType, BillableMetric, GroupValues, UsageEvent, Window } from "./types";
import { inScope, type UsageScope } from "./usage-filters";

/**
 * Metric semantics over raw events. This is the in-memory path (previews, simulations) and the
 * oracle the SQL aggregation over rollups is tested against, so it states each rule plainly.
 */

export interface GroupQuantity {
  groupValues: GroupValues;
  quantity: Decimal;
}

/**
 * COUNT and SUM of a window are the sums of its parts, so hourly rollups can be added up;
 * MAX, UNIQUE and LATEST must be computed over the whole window at once.
 */
export function isAdditive(aggregationType: AggregationType): boolean {
  return aggregationType === "COUNT" || aggregationType === "SUM";
}

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** A property that is billed on: a non-negative number or numeric string; never coerced. */
function numericValue(event: UsageEvent, key: string): Decimal | undefined {
  const raw = event.properties[key];
  if (raw === undefined || raw === null) return undefined;
  let value: Decimal | undefined;
  if (typeof raw === "number" && Number.isFinite(raw)) value = new Decimal(raw);
  if (typeof raw === "string" && DECIMAL_STRING.test(raw)) value = new Decimal(raw);
  if (value === undefined) {
    throw new BillingInputError(
      `event ${event.transactionId}: property "${key}" must be a number, got ${JSON.stringify(raw)}`,
    );
  }
  if (value.lt(0)) {
    throw new BillingInputError(
      `event ${event.transactionId}: property "${key}" must not be negative, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Group and distinct values compare as strings: `1` and `"1"` are the same value. */
function textValue(event: UsageEvent, key: string): string | null {
  const raw = event.properties[key];
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw new BillingInputError(
    `event ${event.transactionId}: property "${key}" must be a string, number or boolean`,
  );
}

function matches(metric: BillableMetric, event: UsageEvent): boolean {
  const typeFilter = metric.eventTypeFilter;
  if (typeFilter?.inValues !== undefined && !typeFilter.inValues.includes(event.eventType)) return false;
  if (typeFilter?.notInValues?.includes(event.eventType)) return false;
  for (const filter of metric.propertyFilters ?? []) {
    const value = textValue(event, filter.name);
    if (filter.exists !== undefined && filter.exists !== (value !== null)) return false;
    if (filter.inValues !== undefined && (value === null || !filter.inValues.includes(value))) return false;
    if (value !== null && filter.notInValues?.includes(value)) return false;
  }
  return true;
}

interface Accumulator {
  groupValues: GroupValues;
  count: number;
  sum: Decimal;
  max: Decimal | undefined;
  distinct: Set<string>;
  latest: { event: UsageEvent; value: Decimal } | undefined;
}

/** Later timestamp wins; on a tie the greater transaction id, so event order never matters. */
function isLater(a: UsageEvent, b: UsageEvent): boolean {
  const dt = a.timestamp.getTime() - b.timestamp.getTime();
  return dt > 0 || (dt === 0 && a.transactionId > b.transactionId);
}

function accumulate(acc: Accumulator, metric: BillableMetric, key: string, event: UsageEvent): void {
  switch (metric.aggregationType) {
    case "COUNT":
      acc.count += 1;
      return;
    case "UNIQUE": {
      const value = textValue(event, key);
      if (value !== null) acc.distinct.add(value);
      return;
    }
    default: {
      const value = numericValue(event, key);
      if (value === undefined) return;
      acc.count += 1;
      acc.sum = acc.sum.plus(value);
      if (acc.max === undefined || value.gt(acc.max)) acc.max = value;
      if (acc.latest === undefined || isLater(event, acc.latest.event)) acc.latest = { event, value };
    }
  }
}

function quantityOf(acc: Accumulator, aggregationType: AggregationType): Decimal | undefined {
  switch (aggregationType) {
    case "COUNT":
      return new Decimal(acc.count);
    case "SUM":
      return acc.count > 0 ? acc.sum : undefined;
    case "MAX":
      return acc.max;
    case "UNIQUE":
      return acc.distinct.size > 0 ? new Decimal(acc.distinct.size) : undefined;
    case "LATEST":
      return acc.latest?.value;
  }
}

/**
 * The metric's quantity per group tuple over `window`, for events already scoped to one
 * customer. A missing group value is its own group (`null`). A group appears only when some
 * event contributed a value; results are sorted by group so they never depend on event order.
 * With a `scope` (a contract's usage filter), only the events in it count.
 */
export function aggregateEvents(
  metric: BillableMetric,
  events: Iterable<UsageEvent>,
  window: Window,
  groupKeys: readonly string[] = [],
  scope?: UsageScope,
): GroupQuantity[] {
  const key = metric.aggregationKey ?? "";
  if (metric.aggregationType !== "COUNT" && key === "") {
    throw new BillingInputError(`metric ${metric.id}: ${metric.aggregationType} needs an aggregationKey`);
  }
  const start = window.startingAt.getTime();
  const end = window.endingBefore.getTime();
  const groups = new Map<string, Accumulator>();
  for (const event of events) {
    const t = event.timestamp.getTime();
    if (t < start || t >= end || !matches(metric, event)) continue;
    if (scope !== undefined && !inScope(scope, textValue(event, scope.groupKey))) continue;
    const groupValues: Record<string, string | null> = {};
    for (const groupKeyName of groupKeys) groupValues[groupKeyName] = textValue(event, groupKeyName);
    const id = groupKey(groupValues, groupKeys);
    let acc = groups.get(id);
    if (acc === undefined) {
      acc = { groupValues, count: 0, sum: ZERO, max: undefined, distinct: new Set(), latest: undefined };
      groups.set(id, acc);
    }
    accumulate(acc, metric, key, event);
  }
  const result: GroupQuantity[] = [];
  for (const id of [...groups.keys()].sort()) {
    const acc = groups.get(id)!;
    const quantity = quantityOf(acc, metric.aggregationType);
    if (quantity !== undefined) result.push({ groupValues: acc.groupValues, quantity });
  }
  return result;
}
