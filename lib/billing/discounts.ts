import { isActiveAt } from "./calendar";
import { appliesToProduct, type Contract } from "./contract-terms";
import { type Decimal, min, ZERO } from "./decimal";
import { roundLineTotal } from "./money";
import { productOf, type RateCardIndex } from "./rate-schedule";
import type { LineItem, Window } from "./types";

/**
 * Discounts, shown as negative DISCOUNT lines that never exceed what they offset:
 * - a percentage off some products' usage and subscription lines for a date range, applied to
 *   each line (rounded like any line) before commits and credits draw on what is left;
 * - a negative scheduled charge, applied last and capped at what is left to bill, so a
 *   discount larger than the invoice brings it to zero and the excess does not carry over.
 */

function negate(amount: Decimal): Decimal {
  // 0 − x rather than −x: a zero discount stays +0, never −0.
  return ZERO.minus(amount);
}

/** Returns the discount lines and each charge line's amount net of them. */
export function applyPercentageDiscounts(
  contract: Contract,
  index: RateCardIndex,
  period: Window,
  charges: readonly LineItem[],
): { discountLines: LineItem[]; net: Decimal[] } {
  const net = charges.map((line) => line.total);
  const discountLines: LineItem[] = [];
  // Several discounts on one line compound: each takes its fraction of what the previous left.
  for (const discount of contract.percentageDiscounts ?? []) {
    const byCreditType = new Map<string, LineItem>();
    charges.forEach((line, i) => {
      if (!isActiveAt(discount, line.startingAt) || !appliesToProduct(discount, productOf(index, line.productId!))) {
        return;
      }
      const off = roundLineTotal(discount.fraction.times(net[i]!), line.creditType);
      net[i] = net[i]!.minus(off);
      const existing = byCreditType.get(line.creditType.id);
      if (existing !== undefined) existing.total = existing.total.minus(off);
      else {
        byCreditType.set(line.creditType.id, {
          type: "DISCOUNT",
          name: discount.name,
          discountId: discount.id,
          ...period,
          creditType: line.creditType,
          total: negate(off),
        });
      }
    });
    discountLines.push(...byCreditType.values());
  }
  return { discountLines, net };
}

/** Caps each negative scheduled charge at what is still billed in its credit type, in order. */
export function capAmountDiscounts(discounts: readonly LineItem[], lines: readonly LineItem[]): LineItem[] {
  if (discounts.length === 0) return [];
  const left = new Map<string, Decimal>();
  for (const line of lines) left.set(line.creditType.id, (left.get(line.creditType.id) ?? ZERO).plus(line.total));
  return discounts.map((discount) => {
    const available = left.get(discount.creditType.id) ?? ZERO;
    const applied = min(negate(discount.total), available);
    left.set(discount.creditType.id, available.minus(applied));
    return { ...discount, total: negate(applied) };
  });
}
