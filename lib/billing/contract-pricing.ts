import type { Contract, Override } from "./contract-terms";
import { overridesForProduct, resolveRate } from "./overrides";
import { listPrice, listRateAt, rateCandidates, type RateCardIndex } from "./rate-schedule";
import type { BillingFrequency, EffectiveRate, GroupValues, Product, UnbilledReason } from "./types";

export type RateResolver = (at: Date) => EffectiveRate | UnbilledReason;

/** A contract's prices: its rate card's list rates with its overrides applied. */
export interface ContractPricing {
  contract: Contract;
  index: RateCardIndex;
  overridesOf(product: Product): readonly Override[];
  /**
   * What a product's pricing group costs over time; look it up once, ask it per window. The
   * presentation group values of the line matter only to override specifiers that name some.
   */
  rateResolver(product: Product, pricingGroupValues: GroupValues, billingFrequency?: BillingFrequency, presentationGroupValues?: GroupValues): RateResolver;
}

export function contractPricing(contract: Contract, index: RateCardIndex): ContractPricing {
  const prioritization = contract.multiplierOverridePrioritization ?? "LOWEST_MULTIPLIER";
  const overridesByProduct = new Map<string, Override[]>();
  const overridesOf = (product: Product): Override[] => {
    let overrides = overridesByProduct.get(product.id);
    if (overrides === undefined) {
      overrides = overridesForProduct(contract, product);
      overridesByProduct.set(product.id, overrides);
    }
    return overrides;
  };
  return {
    contract,
    index,
    overridesOf,
    rateResolver: (product, pricingGroupValues, billingFrequency, presentationGroupValues) => {
      const candidates = rateCandidates(index, product, pricingGroupValues, billingFrequency);
      const overrides = overridesOf(product);
      return (at) => {
        const rate = listRateAt(candidates, at);
        // The common case, without a lookup through overrides: the list price as it is.
        if (rate !== undefined && overrides.length === 0) return rate.entitled ? listPrice(index, rate) : "NOT_ENTITLED";
        return resolveRate(index, rate, overrides, prioritization, product, pricingGroupValues, at, presentationGroupValues);
      };
    },
  };
}
