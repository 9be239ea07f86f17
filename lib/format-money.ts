import { Decimal } from "@/lib/billing/decimal";
import { USD_CENTS } from "@/lib/billing/money";
import { formatQuantity } from "@/lib/format";

// Amounts in the console. The API counts USD in cents, as Metronome's does; people read and type
// dollars, so for USD cents the console shows dollars and converts typed dollars back to cents,
// exactly (a shift of two decimal places, in Decimal, never through a JS number). Any other
// credit type is shown in its own unit with its name. Amounts travel as decimal strings.

export type CreditUnit = { id: string; name: string };

/** Whether the console shows this credit type's amounts in dollars. */
export function inDollars(unit: CreditUnit): boolean {
  return unit.id === USD_CENTS.id;
}

/** The unit a person types amounts in: "$" for USD cents, the credit type's name otherwise. */
export function inputUnitLabel(unit: CreditUnit): string {
  return inDollars(unit) ? "USD ($)" : unit.name;
}

/** An amount in the credit type's API unit, as people read it: "$1,234.50", "2.5 GPU credits". */
export function formatAmount(amount: string | Decimal, unit: CreditUnit): string {
  const value = new Decimal(amount);
  if (!inDollars(unit)) return `${formatQuantity(value.toFixed())} ${unit.name}`;
  const dollars = value.div(100);
  const text = formatQuantity(dollars.abs().toFixed(Math.max(2, dollars.decimalPlaces())));
  return `${dollars.isNegative() ? "-" : ""}$${text}`;
}

/** An API amount as an input shows it (dollars for USD cents): "1234.5" cents → "12.345". */
export function toInputAmount(amount: string | Decimal, unit: CreditUnit): string {
  const value = new Decimal(amount);
  return (inDollars(unit) ? value.div(100) : value).toFixed();
}

/**
 * What a person typed, in the API's unit ("12.345" dollars → "1234.5" cents). Text that is not a
 * number is passed on unchanged, so the service's validation names the field.
 */
export function fromInputAmount(text: string, unit: CreditUnit): string {
  const trimmed = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return text;
  const value = new Decimal(trimmed);
  return (inDollars(unit) ? value.times(100) : value).toFixed();
}
