import { Decimal, ZERO } from "./decimal";
import type { CreditType } from "./types";

/** Metronome's USD credit type: amounts are cents, so a price of `2` is 2¢. */
export const USD_CENTS: CreditType = {
  id: "2714e483-4ff1-48e4-9e25-ac732e8f24f2",
  name: "USD (cents)",
  precision: 0,
};

/**
 * THE rounding rule: every invoice line total (and every amount that becomes a balance) is
 * rounded once, to its credit type's precision, half-up (halves move away from zero).
 * Everything before it is computed at full precision; totals are sums of rounded lines.
 */
export function roundLineTotal(amount: Decimal, creditType: CreditType): Decimal {
  const rounded = isAtPrecision(amount, creditType) ? amount : amount.toDecimalPlaces(creditType.precision, Decimal.ROUND_HALF_UP);
  // −0 (from a −0 input, or −0.4 rounded) is still zero, and must not read as negative.
  return rounded.isZero() ? ZERO : rounded;
}

/** Whether an amount can be held in a balance of this credit type without rounding. */
export function isAtPrecision(amount: Decimal, creditType: CreditType): boolean {
  return amount.decimalPlaces() <= creditType.precision;
}

export function sameCreditType(a: CreditType, b: CreditType): boolean {
  return a.id === b.id;
}
