import { Decimal } from "@/lib/billing/decimal";

// Prisma returns numeric columns as its own Decimal class; the engine and services use ours.
// Both print exact decimal strings, so the conversion goes through the string and loses nothing.

type DecimalLike = { toString(): string };

export function fromDb(value: DecimalLike): Decimal;
export function fromDb(value: DecimalLike | null): Decimal | null;
export function fromDb(value: DecimalLike | null): Decimal | null {
  return value === null ? null : new Decimal(value.toString());
}

/** What Prisma accepts for a numeric column: the exact decimal string. */
export function toDb(value: Decimal): string;
export function toDb(value: Decimal | null | undefined): string | null;
export function toDb(value: Decimal | null | undefined): string | null {
  return value == null ? null : value.toFixed();
}
