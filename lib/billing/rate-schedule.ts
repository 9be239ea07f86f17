import { assertHourAligned, assertValidWindow, isActiveAt } from "./calendar";
import { BillingInputError } from "./errors";
import { groupKey, includesGroupValues } from "./groups";
import { USD_CENTS } from "./money";
import { compareText } from "./ordering";
import { validateQuantityShaping } from "./quantity";
import { validatePriceSpec } from "./rate-types";
import type {
  BillableMetric,
  BillingFrequency,
  CreditType,
  EffectiveRate,
  GroupValues,
  Product,
  ProductType,
  Rate,
  RateCard,
  RateType,
} from "./types";

/**
 * Which list rate applies when. A rate card is validated and indexed once (`indexRateCard`);
 * services can cache the index per rate card version and hand it to every invoice computation.
 */
export interface RateCardIndex {
  readonly rateCard: RateCard;
  readonly fiatCreditType: CreditType;
  readonly products: ReadonlyMap<string, Product>;
  /** Composite products, by id: every invoice looks for their percentage rates. */
  readonly composites: readonly Product[];
  readonly metrics: ReadonlyMap<string, BillableMetric>;
  /** Epoch ms at which some rate of the product starts or ends, ascending. */
  readonly boundariesByProduct: ReadonlyMap<string, readonly number[]>;
  readonly ratesByProduct: ReadonlyMap<string, readonly Rate[]>;
  /** Each rate as a price, for contracts that do not override it. */
  readonly listPrices: ReadonlyMap<Rate, EffectiveRate>;
  /** Memo per product: rates matching a (frequency, pricing group) in precedence order. */
  readonly candidates: Map<Product, Map<string, readonly Rate[]>>;
}

const RATE_TYPES_BY_PRODUCT_TYPE: Readonly<Record<ProductType, readonly RateType[]>> = {
  USAGE: ["FLAT", "TIERED", "VOLUME", "PACKAGE"],
  COMPOSITE: ["PERCENTAGE"],
  SUBSCRIPTION: ["SUBSCRIPTION"],
  FIXED: [],
};

/** Whether a product of this type can be priced by a rate (list or overwrite) of this type. */
export function assertRateTypeFits(product: Product, rateType: RateType, what: string): void {
  if (!RATE_TYPES_BY_PRODUCT_TYPE[product.type].includes(rateType)) {
    throw new BillingInputError(`${what}: a ${rateType} rate cannot price ${product.type} product ${product.id}`);
  }
}

function validateRate(rate: Rate, product: Product | undefined, index: number): void {
  const what = `rate #${index} (product ${rate.productId})`;
  if (product === undefined) throw new BillingInputError(`${what}: unknown product`);
  assertRateTypeFits(product, rate.rateType, what);
  validatePriceSpec(rate, what);
  assertHourAligned(rate.startingAt, `${what} startingAt`);
  if (rate.endingBefore !== undefined) {
    assertHourAligned(rate.endingBefore, `${what} endingBefore`);
    assertValidWindow({ startingAt: rate.startingAt, endingBefore: rate.endingBefore }, what);
  }
  for (const key of Object.keys(rate.pricingGroupValues ?? {})) {
    if (!product.pricingGroupKey?.includes(key)) {
      throw new BillingInputError(`${what}: "${key}" is not a pricing group key of the product`);
    }
  }
  if (rate.rateType === "SUBSCRIPTION" && rate.billingFrequency === undefined) {
    throw new BillingInputError(`${what}: a SUBSCRIPTION rate needs a billingFrequency`);
  }
}

export function indexRateCard(
  rateCard: RateCard,
  products: readonly Product[],
  metrics: readonly BillableMetric[],
): RateCardIndex {
  const productsById = new Map(products.map((product) => [product.id, product]));
  const metricsById = new Map(metrics.map((metric) => [metric.id, metric]));
  for (const product of products) {
    validateQuantityShaping(product);
    if (product.type === "USAGE" && !metricsById.has(product.billableMetricId ?? "")) {
      throw new BillingInputError(`usage product ${product.id} needs a known billableMetricId`);
    }
  }
  const ratesByProduct = new Map<string, Rate[]>();
  const boundaries = new Map<string, Set<number>>();
  rateCard.rates.forEach((rate, i) => {
    validateRate(rate, productsById.get(rate.productId), i);
    const rates = ratesByProduct.get(rate.productId);
    if (rates === undefined) ratesByProduct.set(rate.productId, [rate]);
    else rates.push(rate);
    const edges = boundaries.get(rate.productId) ?? new Set<number>();
    edges.add(rate.startingAt.getTime());
    if (rate.endingBefore !== undefined) edges.add(rate.endingBefore.getTime());
    boundaries.set(rate.productId, edges);
  });
  const fiatCreditType = rateCard.fiatCreditType ?? USD_CENTS;
  return {
    rateCard,
    fiatCreditType,
    products: productsById,
    composites: products.filter((product) => product.type === "COMPOSITE").sort((a, b) => compareText(a.id, b.id)),
    metrics: metricsById,
    ratesByProduct,
    listPrices: new Map(rateCard.rates.map((rate) => [rate, { spec: rate, creditType: rate.creditType ?? fiatCreditType }])),
    boundariesByProduct: new Map([...boundaries].map(([id, edges]) => [id, [...edges].sort((a, b) => a - b)])),
    candidates: new Map(),
  };
}

export function productOf(index: RateCardIndex, productId: string): Product {
  const product = index.products.get(productId);
  if (product === undefined) throw new BillingInputError(`unknown product ${productId}`);
  return product;
}

/** USAGE products always have a metric: indexRateCard refuses them otherwise. */
export function metricOf(index: RateCardIndex, product: Product): BillableMetric {
  return index.metrics.get(product.billableMetricId!)!;
}

export function rateBoundaries(index: RateCardIndex, productId: string): readonly number[] {
  return index.boundariesByProduct.get(productId) ?? [];
}

function specificity(rate: Rate): number {
  return Object.keys(rate.pricingGroupValues ?? {}).length;
}

/**
 * The rates that may price a product's pricing group, in precedence order: the most specific
 * first (a rate for `model=gpt-4` beats a default rate), then the latest `startingAt` (a price
 * change supersedes the rate it follows, so earlier periods keep their prices). Memoized on
 * the index.
 */
export function rateCandidates(
  index: RateCardIndex,
  product: Product,
  pricingGroupValues: GroupValues,
  billingFrequency?: BillingFrequency,
): readonly Rate[] {
  let byGroup = index.candidates.get(product);
  if (byGroup === undefined) index.candidates.set(product, (byGroup = new Map()));
  const key = `${billingFrequency ?? ""}|${groupKey(pricingGroupValues, product.pricingGroupKey ?? [])}`;
  let candidates = byGroup.get(key);
  if (candidates === undefined) {
    candidates = (index.ratesByProduct.get(product.id) ?? [])
      .filter(
        (rate) =>
          includesGroupValues(pricingGroupValues, rate.pricingGroupValues) &&
          (billingFrequency === undefined || rate.billingFrequency === billingFrequency),
      )
      .sort((a, b) => specificity(b) - specificity(a) || b.startingAt.getTime() - a.startingAt.getTime());
    byGroup.set(key, candidates);
  }
  return candidates;
}

/** A list rate as the price of a contract that does not override it. */
export function listPrice(index: RateCardIndex, rate: Rate): EffectiveRate {
  return index.listPrices.get(rate)!;
}

/** The list rate in force at `at`: the first candidate active then. */
export function listRateAt(candidates: readonly Rate[], at: Date): Rate | undefined {
  for (const rate of candidates) if (isActiveAt(rate, at)) return rate;
  return undefined;
}

/** Whether any rate of the product is in force at `at` (for some pricing group). */
export function productHasRateAt(index: RateCardIndex, productId: string, at: Date): boolean {
  return (index.ratesByProduct.get(productId) ?? []).some((rate) => isActiveAt(rate, at));
}
