import type { RateCardListResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rate-cards";
import type { ProductOrderSetResponse, ProductOrderUpdateResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/product-orders";
import type { RateListResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/rates";
import type { Tier } from "@/lib/billing/types";
import type { ProductRate } from "@/lib/services/rate-cards/find-rates";
import type { CreditTypeRecord, RateCardRecord } from "@/lib/services/rate-cards/rate-card-record";
import type { RateRecord } from "@/lib/services/rate-cards/rate-record";
import type { OnWire } from "./sdk-shape";

// Rate cards and rates in Metronome's wire shapes (RateCardRetrieveResponse.Data, Shared.Rate,
// RateListResponse in @metronome/sdk). Rateline's extensions travel in the same objects:
// rate_type VOLUME and PACKAGE (with package_size and package_rounding), and a PERCENTAGE
// rate's minimum and maximum. Decimals are written as exact JSON numbers (lib/http/wire-json.ts).

const creditTypeToWire = (t: CreditTypeRecord) => ({ id: t.id, name: t.name });

export function rateCardToWire(card: RateCardRecord) {
  return {
    id: card.id,
    name: card.name,
    created_at: card.createdAt.toISOString(),
    created_by: card.createdBy ?? "",
    ...(card.description ? { description: card.description } : {}),
    fiat_credit_type: creditTypeToWire(card.fiatCreditType),
    credit_type_conversions: card.creditTypeConversions.map((c) => ({
      custom_credit_type: creditTypeToWire(c.customCreditType),
      // A string here, as in Metronome's response (the request takes a number).
      fiat_per_custom_credit: c.fiatPerCustomCredit.toFixed(),
    })),
    aliases: card.aliases.map((a) => ({
      name: a.name,
      ...(a.startingAt ? { starting_at: a.startingAt.toISOString() } : {}),
      ...(a.endingBefore ? { ending_before: a.endingBefore.toISOString() } : {}),
    })),
    custom_fields: card.customFields,
  } satisfies RateCardListResponse;
}

/** moveRateCardProducts and setRateCardProductsOrder answer with the card's id. */
export function productOrderToWire(rateCardId: string) {
  return { data: { id: rateCardId } } satisfies ProductOrderUpdateResponse & ProductOrderSetResponse;
}

const tiersToWire = (tiers: readonly Tier[]) => tiers.map((t) => (t.size ? { size: t.size, price: t.price } : { price: t.price }));

/** Shared.Rate: how a rate prices (without its product and window). */
export function rateToWire(r: RateRecord) {
  const spec = r.spec;
  return {
    rate_type: spec.rateType,
    credit_type: creditTypeToWire(r.creditType),
    ...(spec.rateType === "TIERED" || spec.rateType === "VOLUME" ? { tiers: tiersToWire(spec.tiers) } : { price: spec.price }),
    ...(spec.rateType === "PACKAGE" ? { package_size: spec.packageSize, package_rounding: spec.packageRounding ?? "ROUND_UP" } : {}),
    ...(spec.rateType === "PERCENTAGE" && spec.minimum ? { minimum: spec.minimum } : {}),
    ...(spec.rateType === "PERCENTAGE" && spec.maximum ? { maximum: spec.maximum } : {}),
    ...(r.quantity ? { quantity: r.quantity } : {}),
    ...(r.isProrated !== null ? { is_prorated: r.isProrated } : {}),
    ...(r.pricingGroupValues ? { pricing_group_values: r.pricingGroupValues } : {}),
  };
}

/**
 * RateListResponse: a rate with its product and the window it is in force. The rate is checked
 * apart from the SDK's type: it may be of Rateline's own rate types (VOLUME, PACKAGE).
 */
export function productRateToWire(r: ProductRate) {
  return {
    entitled: r.entitled,
    product_custom_fields: r.product.customFields,
    product_id: r.productId,
    product_name: r.product.name,
    product_tags: r.product.tags,
    rate: rateToWire(r),
    starting_at: r.startingAt.toISOString(),
    ...(r.endingBefore ? { ending_before: r.endingBefore.toISOString() } : {}),
    ...(r.billingFrequency ? { billing_frequency: r.billingFrequency } : {}),
    ...(r.pricingGroupValues ? { pricing_group_values: r.pricingGroupValues } : {}),
    ...(r.commitRate
      ? { commit_rate: r.commitRate.rateType === "FLAT" ? { rate_type: "FLAT", price: r.commitRate.price } : { rate_type: "TIERED", tiers: tiersToWire(r.commitRate.tiers) } }
      : {}),
  } satisfies Omit<OnWire<RateListResponse>, "rate"> & { rate: ReturnType<typeof rateToWire> };
}
