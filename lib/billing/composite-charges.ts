import { splitWindow } from "./calendar";
import type { ContractPricing } from "./contract-pricing";
import { ZERO } from "./decimal";
import { roundLineTotal, sameCreditType } from "./money";
import { overrideBoundaries } from "./overrides";
import { percentageCharge, withPriceDetails } from "./rate-types";
import { rateBoundaries } from "./rate-schedule";
import type { LineItem, Product, Window } from "./types";

/**
 * PERCENTAGE rates on composite products: a fraction of the spend on the products they cover
 * (by id, or by any of the composite tags), e.g. a support fee of 10% of usage.
 *
 * The base is the covered usage and subscription lines' rounded totals in the rate's credit
 * type, before discounts and balances. Minimum and maximum hold per rate window, which is the
 * whole period unless the composite's rate or override changes mid-period.
 */

function covers(composite: Product, product: Product): boolean {
  return (
    (composite.compositeProductIds ?? []).includes(product.id) ||
    (composite.compositeTags ?? []).some((tag) => product.tags?.includes(tag) ?? false)
  );
}

export function compositeLines(pricing: ContractPricing, period: Window, covered: readonly LineItem[]): LineItem[] {
  const lines: LineItem[] = [];
  for (const composite of pricing.index.composites) {
    const boundaries = [...rateBoundaries(pricing.index, composite.id), ...overrideBoundaries(pricing.overridesOf(composite))];
    const rateAt = pricing.rateResolver(composite, {});
    for (const window of splitWindow(period, boundaries)) {
      const rate = rateAt(window.startingAt);
      if (typeof rate === "string" || rate.spec.rateType !== "PERCENTAGE") continue;
      let base = ZERO;
      for (const line of covered) {
        const product = pricing.index.products.get(line.productId!)!;
        if (
          covers(composite, product) &&
          sameCreditType(line.creditType, rate.creditType) &&
          line.startingAt >= window.startingAt &&
          line.startingAt < window.endingBefore
        ) {
          base = base.plus(line.total);
        }
      }
      const charge = percentageCharge(rate.spec, base, rate.bands);
      if (base.isZero() && charge.amount.isZero()) continue;
      const line: LineItem = {
        type: "USAGE",
        name: composite.name,
        productId: composite.id,
        ...window,
        quantity: base,
        creditType: rate.creditType,
        total: roundLineTotal(charge.amount, rate.creditType),
      };
      lines.push(withPriceDetails(line, charge));
    }
  }
  return lines;
}
