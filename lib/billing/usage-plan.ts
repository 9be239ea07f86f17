import { aggregateEvents, isAdditive } from "./aggregation";
import { splitWindow } from "./calendar";
import { appliesToProduct, validateContract, type Contract } from "./contract-terms";
import { compareText } from "./ordering";
import { overrideBoundaries, overridesForProduct } from "./overrides";
import { assertPeriodInContract } from "./periods";
import { metricOf, productHasRateAt, rateBoundaries, type RateCardIndex } from "./rate-schedule";
import type { AggregationType, Product, UsageEvent, UsageRecord, Window } from "./types";
import { scopeOf, usageFilterBoundaries, type UsageScope } from "./usage-filters";

/**
 * What usage an invoice needs, and in which windows. A window is a sub-range of the period in
 * which nothing that prices a product changes (rate, override) or selects its usage (the
 * contract's usage filter) and, for additive metrics, no discount or balance segment starts or
 * ends. All those changes are on the hour, so a caller with hourly rollups sums whole buckets per
 * window.
 */

/** A window of a product's usage; with a scope, only the events in it count (the contract's usage filter then). */
export interface PlannedWindow extends Window {
  scope?: UsageScope;
}

export interface PlannedUsage {
  productId: string;
  billableMetricId: string;
  aggregationType: AggregationType;
  /** Pricing then presentation group keys: aggregate per tuple of their values. */
  groupKeys: readonly string[];
  windows: PlannedWindow[];
}

export interface UsagePlan extends Window {
  contractId: string;
  products: PlannedUsage[];
}

const groupKeysByProduct = new WeakMap<Product, readonly string[]>();

/** Pricing then presentation keys, memoized: usage is grouped by them record by record. */
export function usageGroupKeys(product: Product): readonly string[] {
  let keys = groupKeysByProduct.get(product);
  if (keys === undefined) {
    keys = [...new Set([...(product.pricingGroupKey ?? []), ...(product.presentationGroupKey ?? [])])];
    groupKeysByProduct.set(product, keys);
  }
  return keys;
}

/** Every window of the period for a usage product, including those where it has no rate. */
export function usageWindows(contract: Contract, index: RateCardIndex, product: Product, period: Window): Window[] {
  const boundaries = [...rateBoundaries(index, product.id), ...overrideBoundaries(overridesForProduct(contract, product)), ...usageFilterBoundaries(contract.usageFilters)];
  // Non-additive quantities (MAX, UNIQUE, LATEST) cannot be split without changing them, so only
  // a price or usage filter change cuts them; a discount or balance applies to them from their
  // window's start.
  if (isAdditive(metricOf(index, product).aggregationType)) {
    for (const discount of contract.percentageDiscounts ?? []) {
      if (!appliesToProduct(discount, product)) continue;
      boundaries.push(discount.startingAt.getTime());
      if (discount.endingBefore !== undefined) boundaries.push(discount.endingBefore.getTime());
    }
    for (const owner of [...(contract.commits ?? []), ...(contract.credits ?? [])]) {
      if (!appliesToProduct(owner, product)) continue;
      for (const item of owner.accessSchedule.scheduleItems) {
        boundaries.push(item.startingAt.getTime(), item.endingBefore.getTime());
      }
    }
  }
  return splitWindow(period, boundaries);
}

/** The usage `computeInvoice` needs for a period: per usage product, its metric, group keys and windows. */
export function planUsage(input: { contract: Contract; rateCard: RateCardIndex; period: Window }): UsagePlan {
  const { contract, rateCard: index, period } = input;
  validateContract(contract, index);
  assertPeriodInContract(contract, period);
  const products: PlannedUsage[] = [];
  for (const product of [...index.products.values()].sort((a, b) => compareText(a.id, b.id))) {
    if (product.type !== "USAGE") continue;
    const windows = usageWindows(contract, index, product, period)
      .filter((window) => productHasRateAt(index, product.id, window.startingAt))
      .map((window): PlannedWindow => {
        const scope = scopeOf(contract.usageFilters, window);
        return scope ? { ...window, scope } : window;
      });
    if (windows.length === 0) continue;
    const metric = metricOf(index, product);
    products.push({
      productId: product.id,
      billableMetricId: metric.id,
      aggregationType: metric.aggregationType,
      groupKeys: usageGroupKeys(product),
      windows,
    });
  }
  return { contractId: contract.id, startingAt: period.startingAt, endingBefore: period.endingBefore, products };
}

/** The in-memory path: the plan's usage computed from raw events (previews, simulations, tests). */
export function usageFromEvents(plan: UsagePlan, index: RateCardIndex, events: readonly UsageEvent[]): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (const planned of plan.products) {
    const metric = index.metrics.get(planned.billableMetricId)!;
    for (const window of planned.windows) {
      for (const { groupValues, quantity } of aggregateEvents(metric, events, window, planned.groupKeys, window.scope)) {
        records.push({ productId: planned.productId, groupValues, quantity, startingAt: window.startingAt, endingBefore: window.endingBefore });
      }
    }
  }
  return records;
}
