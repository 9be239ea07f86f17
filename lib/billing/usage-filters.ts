import { assertHourAligned } from "./calendar";
import { BillingInputError } from "./errors";
import type { RateCardIndex } from "./rate-schedule";
import type { Window } from "./types";

/**
 * Usage filters (Metronome's `usage_filter`): a customer with several live contracts splits its
 * usage between them by the value of one group key, so each contract bills only its own events.
 *
 * The rule, stated once: while a filter is in force, a contract's usage is the events whose value
 * of `groupKey` is one of `groupValues`; an event without the key, or with another value, is not
 * its usage. A contract's filters form a schedule: each holds from its `startingAt` until the next
 * one's (or the contract's end); before the first, the contract takes all of the customer's usage.
 * A change of filter cuts every usage product's windows (as a price change does), so each window
 * is read under one filter; units keep their position in the period across the cut (tiers count
 * from the period's start).
 *
 * The key must be a group key of the billable metric of every usage product the rate card
 * prices: usage is kept per group key value only for those (Metronome's rule too), so a filter
 * on any other key could not be read.
 */

/** Which events count: those whose value of `groupKey` is one of `groupValues`. */
export interface UsageScope {
  groupKey: string;
  groupValues: readonly string[];
}

export interface UsageFilter extends UsageScope {
  /** In force from this instant until the next filter's `startingAt`, or the contract's end. */
  startingAt: Date;
}

/** The filter in force at `at` (none: the contract takes all usage then). Filters are in `startingAt` order. */
export function usageFilterAt(filters: readonly UsageFilter[] | undefined, at: Date): UsageFilter | undefined {
  let found: UsageFilter | undefined;
  for (const filter of filters ?? []) {
    if (filter.startingAt.getTime() > at.getTime()) break;
    found = filter;
  }
  return found;
}

/** The instants a contract's usage filter changes: every usage window is cut there. */
export function usageFilterBoundaries(filters: readonly UsageFilter[] | undefined): number[] {
  return (filters ?? []).map((f) => f.startingAt.getTime());
}

/** Whether an event's value of the scope's key (null: absent) is in scope. */
export function inScope(scope: UsageScope, value: string | null): boolean {
  return value !== null && scope.groupValues.includes(value);
}

/**
 * Refuses filters the engine could not apply exactly: out of order, off the hour, before the
 * contract, or on a key some usage product's metric does not group by.
 */
export function validateUsageFilters(filters: readonly UsageFilter[] | undefined, contract: { id: string; startingAt: Date }, index: RateCardIndex): void {
  let previous: number | undefined;
  for (const filter of filters ?? []) {
    const what = `contract ${contract.id} usage filter from ${filter.startingAt.toISOString()}`;
    assertHourAligned(filter.startingAt, `${what} startingAt`);
    const t = filter.startingAt.getTime();
    if (previous !== undefined && t <= previous) throw new BillingInputError(`${what}: filters must be in order of startingAt, one per instant`);
    // One from the contract's end on is never in force (an end moved earlier leaves it so).
    if (t < contract.startingAt.getTime()) throw new BillingInputError(`${what}: must not start before the contract`);
    if (filter.groupKey === "") throw new BillingInputError(`${what}: needs a group key`);
    previous = t;
    for (const product of index.products.values()) {
      // Only what the rate card prices is billed (a composite's covered products may be indexed too).
      if (product.type !== "USAGE" || !index.ratesByProduct.has(product.id)) continue;
      const metric = index.metrics.get(product.billableMetricId!)!;
      if (!(metric.groupKeys ?? []).some((keys) => keys.includes(filter.groupKey))) {
        throw new BillingInputError(
          `usage filter on "${filter.groupKey}": the billable metric ${metric.name} (of product ${product.name}) has no group key "${filter.groupKey}", so its usage cannot be split by it`,
        );
      }
    }
  }
}

/** Why two contracts may bill the same event from `startingAt` on. */
export type SharedUsage = { startingAt: Date } & (
  | { reason: "UNFILTERED"; unfiltered: "first" | "second" | "both" }
  | { reason: "OTHER_KEYS"; groupKeys: [string, string] }
  | { reason: "SHARED_VALUES"; groupKey: string; groupValues: string[] }
);

/**
 * The first instant in `overlap` (an open end: from its start on) at which two contracts with
 * these filter schedules could both bill one event, and why; undefined when their filters keep
 * them apart throughout. Filters on different keys never do: one event can carry both keys.
 */
export function firstSharedUsage(
  first: readonly UsageFilter[] | undefined,
  second: readonly UsageFilter[] | undefined,
  overlap: { startingAt: Date; endingBefore?: Date },
): SharedUsage | undefined {
  const start = overlap.startingAt.getTime();
  const end = overlap.endingBefore?.getTime() ?? Infinity;
  const changes = [...usageFilterBoundaries(first), ...usageFilterBoundaries(second)].filter((t) => t > start && t < end);
  for (const t of [start, ...new Set(changes)].sort((a, b) => a - b)) {
    const startingAt = new Date(t);
    const a = usageFilterAt(first, startingAt);
    const b = usageFilterAt(second, startingAt);
    if (!a || !b) return { startingAt, reason: "UNFILTERED", unfiltered: !a && !b ? "both" : !a ? "first" : "second" };
    if (a.groupKey !== b.groupKey) return { startingAt, reason: "OTHER_KEYS", groupKeys: [a.groupKey, b.groupKey] };
    const shared = a.groupValues.filter((v) => b.groupValues.includes(v));
    if (shared.length) return { startingAt, reason: "SHARED_VALUES", groupKey: a.groupKey, groupValues: [...new Set(shared)] };
  }
  return undefined;
}

/** The window's scope under the contract's filters (the filter in force at its start: windows are cut at every change). */
export function scopeOf(filters: readonly UsageFilter[] | undefined, window: Window): UsageScope | undefined {
  const filter = usageFilterAt(filters, window.startingAt);
  return filter ? { groupKey: filter.groupKey, groupValues: filter.groupValues } : undefined;
}
