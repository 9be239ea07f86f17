import { type Decimal, ZERO } from "./decimal";
import { compareText } from "./ordering";
import type { UsagePlan } from "./usage-plan";
import type { CreditType, Invoice, LineItemType, Rate, RateCard, UsageRecord, Window } from "./types";

/**
 * Pricing simulations: one period's real usage priced under the current rates and under
 * proposed ones. The usage is loaded once for both (`combineUsagePlans`, `usageOfPlan`) so the
 * two invoices differ by price alone.
 */

const seriesKey = ({ productId, billingFrequency, pricingGroupValues: values = {} }: Rate) =>
  JSON.stringify([productId, billingFrequency ?? null, Object.keys(values).sort(compareText).map((key) => [key, values[key]])]);

/**
 * The rate card as if each proposed rate had been in force for the whole of `period`: it
 * replaces every rate of its series (same product, pricing group values and billing frequency)
 * that overlaps the period, whatever its own dates, because the question is what the period
 * would have cost at the new price.
 */
export function withProposedRates(card: RateCard, proposed: readonly Rate[], period: Window): RateCard {
  const series = new Set(proposed.map(seriesKey));
  const overlaps = (rate: Rate) => rate.startingAt < period.endingBefore && (rate.endingBefore === undefined || rate.endingBefore > period.startingAt);
  return {
    ...card,
    rates: [
      ...card.rates.filter((rate) => !(series.has(seriesKey(rate)) && overlaps(rate))),
      ...proposed.map(({ endingBefore: _end, ...rate }) => ({ ...rate, startingAt: period.startingAt })),
    ],
  };
}

const windowKey = (productId: string, window: Window) => `${productId}|${window.startingAt.getTime()}|${window.endingBefore.getTime()}`;

/**
 * Every window that any of the plans (one contract, one period) asks for, per product, once.
 * Windows of different plans may overlap, so the result is a list of queries, not a plan to
 * price: give each plan its own records back with `usageOfPlan`.
 */
export function combineUsagePlans(plans: readonly [UsagePlan, ...UsagePlan[]]): UsagePlan {
  const products = new Map<string, UsagePlan["products"][number]>();
  const seen = new Set<string>();
  for (const plan of plans) {
    for (const planned of plan.products) {
      const combined = products.get(planned.productId) ?? { ...planned, windows: [] };
      products.set(planned.productId, combined);
      for (const window of planned.windows) {
        const key = windowKey(planned.productId, window);
        if (seen.has(key)) continue;
        seen.add(key);
        combined.windows.push(window);
      }
    }
  }
  return { ...plans[0], products: [...products.values()] };
}

/** The records of `usage` that `plan` asked for: the same product and exactly one of its windows. */
export function usageOfPlan(plan: UsagePlan, usage: readonly UsageRecord[]): UsageRecord[] {
  const wanted = new Set(plan.products.flatMap((p) => p.windows.map((w) => windowKey(p.productId, w))));
  return usage.filter((record) => wanted.has(windowKey(record.productId, record)));
}

/** Lines that charge for a product; discounts, balance draws and unit conversions are not revenue of one. */
const CHARGE_TYPES: ReadonlySet<LineItemType> = new Set(["USAGE", "SUBSCRIPTION", "SCHEDULED_CHARGE", "COMMIT_PURCHASE", "POSTPAID_TRUEUP"]);

export interface ProductCharges {
  productId: string;
  creditType: CreditType;
  total: Decimal;
}

/** An invoice's charges summed per product and credit type, in the order products first appear. */
export function chargesByProduct(invoice: Invoice): ProductCharges[] {
  const totals = new Map<string, ProductCharges>();
  for (const line of invoice.lines) {
    if (line.productId === undefined || !CHARGE_TYPES.has(line.type)) continue;
    const key = `${line.productId}|${line.creditType.id}`;
    const entry = totals.get(key) ?? { productId: line.productId, creditType: line.creditType, total: ZERO };
    totals.set(key, { ...entry, total: entry.total.plus(line.total) });
  }
  return [...totals.values()];
}
