import { BillingInputError } from "./errors";
import type { Window } from "./types";

export const HOUR_MS = 3_600_000;

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * `anchor` moved by whole months, keeping its day of month and time of day, clamped to the
 * last day of shorter months. Always computed from the original anchor, never chained, so a
 * Jan 31 anchor gives Feb 28/29, Mar 31, Apr 30 ... rather than drifting to the 28th.
 */
export function addMonthsClamped(anchor: Date, months: number): Date {
  const monthIndex = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/**
 * The step of a cadence of `stepMonths` from `anchor` that contains `at`:
 * [anchor + n·step, anchor + (n+1)·step), n possibly negative.
 */
export function cycleContaining(anchor: Date, stepMonths: number, at: Date): Window {
  const n = cycleIndexContaining(anchor, stepMonths, at);
  return {
    startingAt: addMonthsClamped(anchor, n * stepMonths),
    endingBefore: addMonthsClamped(anchor, (n + 1) * stepMonths),
  };
}

/** The n of the step [anchor + n·step, anchor + (n+1)·step) that contains `at`. */
export function cycleIndexContaining(anchor: Date, stepMonths: number, at: Date): number {
  const monthsApart =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + at.getUTCMonth() - anchor.getUTCMonth();
  const n = Math.floor(monthsApart / stepMonths);
  // Counting whole months, the step can only be one too late: when it starts in `at`'s month
  // but on a later day or hour. A step starting in an earlier month never overshoots `at`.
  return addMonthsClamped(anchor, n * stepMonths) > at ? n - 1 : n;
}

/** Rollups are hourly, so any instant where a price or a balance changes must be on the hour. */
export function assertHourAligned(instant: Date, what: string): void {
  if (instant.getTime() % HOUR_MS !== 0) {
    throw new BillingInputError(`${what} must be on an hour boundary, got ${instant.toISOString()}`);
  }
}

export function assertValidWindow(window: Window, what: string): void {
  if (!(window.startingAt.getTime() < window.endingBefore.getTime())) {
    throw new BillingInputError(
      `${what} must start before it ends: [${window.startingAt.toISOString()}, ${window.endingBefore.toISOString()})`,
    );
  }
}

/** Whether `at` falls in [startingAt, endingBefore); an absent end is open. */
export function isActiveAt(range: { startingAt: Date; endingBefore?: Date }, at: Date): boolean {
  const t = at.getTime();
  return range.startingAt.getTime() <= t && (range.endingBefore === undefined || t < range.endingBefore.getTime());
}

/** Cuts `window` at every boundary strictly inside it; boundaries are epoch milliseconds. */
export function splitWindow(window: Window, boundaries: readonly number[]): Window[] {
  const start = window.startingAt.getTime();
  const end = window.endingBefore.getTime();
  const cuts = [...new Set(boundaries.filter((t) => t > start && t < end))].sort((a, b) => a - b);
  if (cuts.length === 0) return [window];
  const edges = [window.startingAt, ...cuts.map((t) => new Date(t)), window.endingBefore];
  return edges.slice(1).map((edge, i) => ({ startingAt: edges[i]!, endingBefore: edge }));
}
