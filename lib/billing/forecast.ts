import { type Decimal, ZERO } from "./decimal";
import type { Window } from "./types";

/**
 * Burn rates and run-out forecasts: what was spent over the time it took, carried forward at the
 * same rate. Amounts are Decimal and time is integer milliseconds; no float stands between them
 * (a money amount divided by a fractional day count drifts, and its `.toNumber()` more so).
 */

export const DAY_MS = 86_400_000;

/** Spend per millisecond: `amount` over `elapsedMs`; zero when no time has passed or nothing was spent. */
export function burnRate(amount: Decimal, elapsedMs: number): Decimal {
  return elapsedMs > 0 && amount.gt(0) ? amount.div(elapsedMs) : ZERO;
}

/** A rate per millisecond as the rate per day people read. */
export function perDay(rate: Decimal): Decimal {
  return rate.times(DAY_MS);
}

/** What spending at `rate` for `ms` more milliseconds adds (nothing over a span that has passed). */
export function spendOver(rate: Decimal, ms: number): Decimal {
  return ms > 0 ? rate.times(ms) : ZERO;
}

/**
 * When `remaining` is used up drawing at `rate` from `now`, to the nearest millisecond; null
 * when nothing is drawn or nothing is left.
 */
export function runOutAt(remaining: Decimal, rate: Decimal, now: Date): Date | null {
  if (!rate.gt(0) || !remaining.gt(0)) return null;
  // An integer count of milliseconds, not an amount: a number carries it exactly.
  // eslint-disable-next-line no-restricted-syntax
  return new Date(now.getTime() + remaining.div(rate).round().toNumber());
}

export type PeriodForecast = {
  /** The period-to-date rate: spend per millisecond. */
  rate: Decimal;
  elapsedMs: number;
  remainingMs: number;
  /** What the rest of the period adds at that rate. */
  toCome: Decimal;
};

/** A period's spend so far carried to its end at the period-to-date rate. */
export function periodForecast(spent: Decimal, period: Window, now: Date): PeriodForecast {
  const elapsedMs = Math.max(0, now.getTime() - period.startingAt.getTime());
  const remainingMs = Math.max(0, period.endingBefore.getTime() - now.getTime());
  const rate = burnRate(spent, elapsedMs);
  return { rate, elapsedMs, remainingMs, toCome: spendOver(rate, remainingMs) };
}
