import DecimalJs from "decimal.js";

/**
 * The one Decimal class of the engine (and of the services that call it).
 *
 * 60 significant digits: a 30-digit amount multiplied by a price with 12 decimals still fits
 * without an intermediate rounding, so the only rounding that ever reaches an invoice is the
 * explicit one in money.ts. The exponent limits keep `toString()` in plain notation, which is
 * what travels over the wire.
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);

// Spread arguments are limited by the call stack; an invoice may have more lines than that.
const SUM_CHUNK = 10_000;

/** Decimal.sum rounds once at the end rather than after every addition, which is faster. */
export function sum(values: Iterable<Decimal>): Decimal {
  const list = [...values];
  let total = ZERO;
  for (let i = 0; i < list.length; i += SUM_CHUNK) total = total.plus(Decimal.sum(...list.slice(i, i + SUM_CHUNK)));
  return total;
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}
