import { isAdditive } from "./aggregation";
import type { ContractPricing } from "./contract-pricing";
import { type Decimal, sum, ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import { groupKey, pickGroupValues } from "./groups";
import { roundLineTotal } from "./money";
import { hasQuantityShaping, shapeQuantity } from "./quantity";
import { chargeForRange, withPriceDetails } from "./rate-types";
import { metricOf, productOf } from "./rate-schedule";
import { usageGroupKeys, usageWindows } from "./usage-plan";
import type { EffectiveRate, GroupValues, LineItem, Product, UnbilledUsage, UsageRecord, Window } from "./types";

/**
 * Usage line items: one per product, group tuple and window. Additive quantities are priced by
 * position in the period (see rate-types.ts), so splitting a period into windows never changes
 * what a group's units cost at one rate; non-additive quantities are priced window by window.
 */

interface GroupUsage {
  groupValues: GroupValues;
  /** Per window of the product; undefined where no usage was sent. */
  quantities: (Decimal | undefined)[];
}

interface ProductUsage {
  product: Product;
  additive: boolean;
  keys: readonly string[];
  windows: Window[];
  groups: Map<string, GroupUsage>;
}

function validateRecord(record: UsageRecord, period: Window): void {
  // Sign checks rather than lt(0): no allocation on the hot path, and −0 is zero.
  if (record.quantity.isNegative() && !record.quantity.isZero()) {
    throw new BillingInputError(`usage of ${record.productId} must not be negative`);
  }
  const start = record.startingAt.getTime();
  const end = record.endingBefore.getTime();
  if (!(start < end) || start < period.startingAt.getTime() || end > period.endingBefore.getTime()) {
    throw new BillingInputError(`usage of ${record.productId} must cover a window inside the period`);
  }
}

function productUsage(pricing: ContractPricing, period: Window, productId: string): ProductUsage {
  const product = productOf(pricing.index, productId);
  if (product.type !== "USAGE") {
    throw new BillingInputError(`usage was sent for ${product.type} product ${product.id}`);
  }
  return {
    product,
    additive: isAdditive(metricOf(pricing.index, product).aggregationType),
    keys: usageGroupKeys(product),
    windows: usageWindows(pricing.contract, pricing.index, product, period),
    groups: new Map(),
  };
}

/** Index of the window holding the record, by binary search; -1 when it straddles a boundary. */
function windowIndex(windows: readonly Window[], record: Window): number {
  let lo = 0;
  let hi = windows.length - 1;
  const start = record.startingAt.getTime();
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (windows[mid]!.startingAt.getTime() <= start) lo = mid;
    else hi = mid - 1;
  }
  return record.endingBefore.getTime() <= windows[lo]!.endingBefore.getTime() ? lo : -1;
}

/** Sorts usage into product → group → window, summing records only where the metric allows it. */
function collectUsage(pricing: ContractPricing, period: Window, usage: readonly UsageRecord[]): Map<string, ProductUsage> {
  const byProduct = new Map<string, ProductUsage>();
  let current: ProductUsage | undefined;
  for (const record of usage) {
    validateRecord(record, period);
    if (current?.product.id !== record.productId) {
      current = byProduct.get(record.productId);
      if (current === undefined) byProduct.set(record.productId, (current = productUsage(pricing, period, record.productId)));
    }
    const i = windowIndex(current.windows, record);
    if (i < 0) {
      throw new BillingInputError(
        `usage of ${record.productId} from ${record.startingAt.toISOString()} crosses a window boundary; aggregate per planUsage window`,
      );
    }
    const id = groupKey(record.groupValues, current.keys);
    let group = current.groups.get(id);
    if (group === undefined) {
      group = { groupValues: pickGroupValues(record.groupValues, current.keys), quantities: new Array(current.windows.length) };
      current.groups.set(id, group);
    }
    const previous = group.quantities[i];
    if (previous !== undefined && !current.additive) {
      throw new BillingInputError(
        `usage of ${record.productId} (non-additive metric) needs exactly one record per planUsage window`,
      );
    }
    group.quantities[i] = previous === undefined ? record.quantity : previous.plus(record.quantity);
  }
  return byProduct;
}

interface Billable {
  window: Window;
  quantity: Decimal;
  rate: EffectiveRate;
}

/** Whether a charge depends on where in the period its units fall (tiers, packages, bands). */
function isPositional(rate: EffectiveRate): boolean {
  return rate.bands !== undefined || (rate.spec.rateType !== "FLAT" && rate.spec.rateType !== "VOLUME");
}

interface LineGroup {
  product: Product;
  pricingGroupValues: GroupValues;
  presentationGroupValues?: GroupValues;
}

function usageLine(group: LineGroup, billable: Billable, quantity: Decimal, from: Decimal, periodTotal: Decimal): LineItem {
  const { product } = group;
  const { rate } = billable;
  const charge = chargeForRange(rate.spec, from, quantity, periodTotal, rate.bands);
  const line: LineItem = {
    type: "USAGE",
    name: product.name,
    productId: product.id,
    pricingGroupValues: group.pricingGroupValues,
    startingAt: billable.window.startingAt,
    endingBefore: billable.window.endingBefore,
    quantity,
    creditType: rate.creditType,
    total: roundLineTotal(charge.amount, rate.creditType),
  };
  if (group.presentationGroupValues !== undefined) line.presentationGroupValues = group.presentationGroupValues;
  return withPriceDetails(line, charge);
}

function priceGroup(
  pricing: ContractPricing,
  usage: ProductUsage,
  group: GroupUsage,
  lines: LineItem[],
  unbilled: UnbilledUsage[],
): void {
  const { product, windows } = usage;
  const lineGroup: LineGroup = {
    product,
    // Without presentation keys a group's values are exactly its pricing group values.
    pricingGroupValues:
      product.presentationGroupKey === undefined ? group.groupValues : pickGroupValues(group.groupValues, product.pricingGroupKey ?? []),
  };
  if (product.presentationGroupKey !== undefined) {
    lineGroup.presentationGroupValues = pickGroupValues(group.groupValues, product.presentationGroupKey);
  }
  const rateAt = pricing.rateResolver(product, lineGroup.pricingGroupValues, undefined, lineGroup.presentationGroupValues);
  const billable: Billable[] = [];
  let positional = false;
  let volume = false;
  for (let i = 0; i < windows.length; i += 1) {
    const quantity = group.quantities[i];
    if (quantity === undefined) continue;
    const window = windows[i]!;
    const rate = rateAt(window.startingAt);
    if (typeof rate === "string") {
      unbilled.push({ productId: product.id, groupValues: group.groupValues, ...window, quantity, reason: rate });
      continue;
    }
    billable.push({ window, quantity, rate });
    positional ||= isPositional(rate);
    volume ||= rate.spec.rateType === "VOLUME";
  }
  if (!usage.additive) {
    for (const item of billable) {
      const shaped = shapeQuantity(item.quantity, product);
      lines.push(usageLine(lineGroup, item, shaped, ZERO, shaped));
    }
    return;
  }
  // Shaping applies to running totals, so a group is converted and rounded once per period;
  // a volume tier is chosen by the period total.
  const shaping = hasQuantityShaping(product);
  let periodTotal = ZERO;
  if (volume) {
    const raw = sum(billable.map((item) => item.quantity));
    periodTotal = shaping ? shapeQuantity(raw, product) : raw;
  }
  let raw = ZERO;
  let position = ZERO;
  for (const item of billable) {
    let quantity = item.quantity;
    const from = position;
    if (shaping) {
      raw = raw.plus(item.quantity);
      position = shapeQuantity(raw, product);
      quantity = position.minus(from);
    } else if (positional) {
      position = position.plus(quantity);
    }
    lines.push(usageLine(lineGroup, item, quantity, from, periodTotal));
  }
}

export function priceUsage(
  pricing: ContractPricing,
  period: Window,
  usage: readonly UsageRecord[],
): { lines: LineItem[]; unbilled: UnbilledUsage[] } {
  const lines: LineItem[] = [];
  const unbilled: UnbilledUsage[] = [];
  const byProduct = collectUsage(pricing, period, usage);
  for (const productId of [...byProduct.keys()].sort()) {
    const product = byProduct.get(productId)!;
    for (const id of [...product.groups.keys()].sort()) priceGroup(pricing, product, product.groups.get(id)!, lines, unbilled);
  }
  return { lines, unbilled };
}
