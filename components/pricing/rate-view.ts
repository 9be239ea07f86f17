import { Decimal } from "@/lib/billing/decimal";
import { BillingInputError } from "@/lib/billing/errors";
import { assertRateTypeFits } from "@/lib/billing/rate-schedule";
import type { ProductType, RateType } from "@/lib/billing/types";
import { formatQuantity } from "@/lib/format";
import { formatAmount, type CreditUnit } from "@/lib/format-money";
import { fractionToPercent } from "@/lib/percent";
import type { RateRecord } from "@/lib/services/rate-cards/rate-record";

// A rate as the console's pages and client components take it: plain strings (Decimals do not
// cross to the browser), and in words for tables and timelines.

export type TierView = { size: string | null; price: string };

export type RateView = {
  id: string;
  productId: string;
  rateType: RateType;
  /** FLAT, PACKAGE and SUBSCRIPTION: an amount; PERCENTAGE: a fraction (0.1 is 10%). */
  price: string | null;
  tiers: TierView[] | null;
  packageSize: string | null;
  packageRounding: "ROUND_UP" | "ROUND_DOWN" | null;
  minimum: string | null;
  maximum: string | null;
  quantity: string | null;
  isProrated: boolean | null;
  billingFrequency: string | null;
  creditType: CreditUnit;
  startingAt: string;
  endingBefore: string | null;
  entitled: boolean;
  pricingGroupValues: Record<string, string> | null;
};

export function toRateView(rate: RateRecord): RateView {
  const spec = rate.spec;
  return {
    id: rate.id,
    productId: rate.productId,
    rateType: spec.rateType,
    price: spec.rateType === "TIERED" || spec.rateType === "VOLUME" ? null : spec.price.toFixed(),
    tiers: spec.rateType === "TIERED" || spec.rateType === "VOLUME" ? spec.tiers.map((t) => ({ size: t.size?.toFixed() ?? null, price: t.price.toFixed() })) : null,
    packageSize: spec.rateType === "PACKAGE" ? spec.packageSize.toFixed() : null,
    packageRounding: spec.rateType === "PACKAGE" ? (spec.packageRounding ?? "ROUND_UP") : null,
    minimum: spec.rateType === "PERCENTAGE" ? (spec.minimum?.toFixed() ?? null) : null,
    maximum: spec.rateType === "PERCENTAGE" ? (spec.maximum?.toFixed() ?? null) : null,
    quantity: rate.quantity?.toFixed() ?? null,
    isProrated: rate.isProrated,
    billingFrequency: rate.billingFrequency,
    creditType: { id: rate.creditType.id, name: rate.creditType.name },
    startingAt: rate.startingAt.toISOString(),
    endingBefore: rate.endingBefore?.toISOString() ?? null,
    entitled: rate.entitled,
    pricingGroupValues: rate.pricingGroupValues,
  };
}

export const RATE_TYPE_LABELS: Record<RateType, string> = {
  FLAT: "Flat",
  TIERED: "Tiered (graduated)",
  VOLUME: "Volume",
  PACKAGE: "Package",
  PERCENTAGE: "Percentage",
  SUBSCRIPTION: "Subscription",
};

const ALL_RATE_TYPES = Object.keys(RATE_TYPE_LABELS) as RateType[];

/** The rate types the engine can price a product of this type with (the rule is lib/billing's). */
export function rateTypesFor(type: ProductType): RateType[] {
  return ALL_RATE_TYPES.filter((rateType) => {
    try {
      assertRateTypeFits({ id: "draft", name: "draft", type }, rateType, "draft");
      return true;
    } catch (error) {
      if (error instanceof BillingInputError) return false;
      throw error;
    }
  });
}

const PERIOD: Record<string, string> = { MONTHLY: "month", QUARTERLY: "quarter", ANNUAL: "year" };

/** A PERCENTAGE rate's fraction as people write it: "0.125" → "12.5%". */
export function percentText(fraction: string): string {
  return `${fractionToPercent(fraction)}%`;
}

/** "model = aurora-large, region = eu", or null for a rate that prices all of a product's usage. */
export function groupText(values: Record<string, string> | null): string | null {
  const entries = Object.entries(values ?? {});
  return entries.length ? entries.map(([k, v]) => `${k} = ${v}`).join(", ") : null;
}

/** The price in a line: "$10.00 per unit", "$0.00 up to 100,000, then $0.0002", "10% of spend". */
export function priceSummary(rate: Pick<RateView, "rateType" | "price" | "tiers" | "packageSize" | "packageRounding" | "minimum" | "maximum" | "billingFrequency" | "creditType">): string {
  const amount = (value: string) => formatAmount(value, rate.creditType);
  const tiers = (list: TierView[]) => {
    let upTo = "0";
    return list
      .map((tier) => {
        if (tier.size === null) return list.length === 1 ? amount(tier.price) : `then ${amount(tier.price)}`;
        upTo = new Decimal(upTo).plus(tier.size).toFixed();
        return `${amount(tier.price)} up to ${formatQuantity(upTo)}`;
      })
      .join(", ");
  };
  switch (rate.rateType) {
    case "FLAT":
      return `${amount(rate.price!)} per unit`;
    case "SUBSCRIPTION":
      return `${amount(rate.price!)} per ${PERIOD[rate.billingFrequency ?? ""] ?? "period"}`;
    case "TIERED":
      return `${tiers(rate.tiers!)} per unit`;
    case "VOLUME":
      return `${tiers(rate.tiers!)} per unit, every unit at the reached tier's price`;
    case "PACKAGE":
      return `${amount(rate.price!)} per ${formatQuantity(rate.packageSize!)} units, partial packages rounded ${rate.packageRounding === "ROUND_DOWN" ? "down" : "up"}`;
    case "PERCENTAGE": {
      const bounds = [rate.minimum && `at least ${amount(rate.minimum)}`, rate.maximum && `at most ${amount(rate.maximum)}`].filter(Boolean);
      return `${percentText(rate.price!)} of spend${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
    }
  }
}

/** The price in a few characters, for a timeline segment: "$10.00", "3 tiers", "10%". */
export function shortPrice(rate: Pick<RateView, "rateType" | "price" | "tiers" | "creditType">): string {
  switch (rate.rateType) {
    case "TIERED":
    case "VOLUME":
      return `${rate.tiers!.length} tiers`;
    case "PERCENTAGE":
      return percentText(rate.price!);
    default:
      return formatAmount(rate.price!, rate.creditType);
  }
}
