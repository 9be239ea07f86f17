import { Decimal } from "./decimal";
import { BillingInputError } from "./errors";
import type { Product } from "./types";

const ROUNDING_MODES = {
  ROUND_UP: Decimal.ROUND_UP,
  ROUND_DOWN: Decimal.ROUND_DOWN,
  ROUND_HALF_UP: Decimal.ROUND_HALF_UP,
} as const;

export function validateQuantityShaping(product: Product): void {
  const conversion = product.quantityConversion;
  if (conversion !== undefined && !conversion.conversionFactor.gt(0)) {
    throw new BillingInputError(`product ${product.id}: conversionFactor must be positive`);
  }
  const rounding = product.quantityRounding;
  if (rounding !== undefined && !(Number.isInteger(rounding.decimalPlaces) && rounding.decimalPlaces >= 0)) {
    throw new BillingInputError(`product ${product.id}: quantity rounding decimalPlaces must be a whole number ≥ 0`);
  }
}

/**
 * The billed quantity of a metric quantity: converted (e.g. bytes → GB), then rounded. It is
 * applied to a pricing group's quantity for the period (usage-charges.ts applies it to running
 * totals), so rounding up happens once per period, not once per hour or per window.
 */
export function shapeQuantity(quantity: Decimal, product: Product): Decimal {
  let shaped = quantity;
  const conversion = product.quantityConversion;
  if (conversion !== undefined) {
    shaped =
      conversion.operation === "MULTIPLY"
        ? shaped.times(conversion.conversionFactor)
        : shaped.div(conversion.conversionFactor);
  }
  const rounding = product.quantityRounding;
  if (rounding !== undefined) {
    shaped = shaped.toDecimalPlaces(rounding.decimalPlaces, ROUNDING_MODES[rounding.roundingMethod]);
  }
  return shaped;
}

export function hasQuantityShaping(product: Product): boolean {
  return product.quantityConversion !== undefined || product.quantityRounding !== undefined;
}
