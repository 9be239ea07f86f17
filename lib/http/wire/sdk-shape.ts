import type { Decimal } from "@/lib/billing/decimal";

/**
 * An SDK response type as Rateline writes it: wherever the SDK declares a number, a Decimal may
 * stand (wire-json.ts writes it as an exact number literal). `satisfies OnWire<Invoice>` checks
 * a mapper's output field for field against the SDK at compile time.
 */
export type OnWire<T> = T extends number
  ? number | Decimal
  : T extends readonly (infer U)[]
    ? OnWire<U>[]
    : T extends object
      ? { [K in keyof T]: OnWire<T[K]> }
      : T;
