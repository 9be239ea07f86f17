import { Decimal } from "@/lib/billing/decimal";

// Percentages in the console. People type and read percents ("12.5"); the API and the engine take
// fractions ("0.125"), as Metronome's do. The shift is two decimal places, done in Decimal and
// returned as an exact decimal string: through a JS number "0.7" would become 0.006999999999999999.

const PERCENT = /^(\d+\.?\d*|\.\d+)$/;

/**
 * "12.5" or "12.5 %" (a percent, as typed) → "0.125" (the API's fraction). Text that is no
 * percent is returned as it was, so the service's schema names the field.
 */
export function percentToFraction(text: string): string {
  const value = text.trim().replace(/\s*%$/, "");
  return PERCENT.test(value) ? new Decimal(value).div(100).toFixed() : text;
}

/** "0.125" (a fraction) → "12.5": the percent a form shows for it. */
export function fractionToPercent(fraction: string | Decimal): string {
  return new Decimal(fraction).times(100).toFixed();
}
