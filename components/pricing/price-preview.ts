import { Decimal, ZERO } from "@/lib/billing/decimal";
import { chargeForRange } from "@/lib/billing/rate-types";
import type { PriceSpec, Tier } from "@/lib/billing/types";
import type { TierView } from "./rate-view";

// The live preview of a draft rate: its total for a quantity in one billing period, computed by
// the engine's own pricing function (lib/billing/rate-types.ts), so the chart cannot disagree
// with an invoice. Amounts stay in the credit type's API unit; the chart formats them.

export type DraftPrice = {
  rateType: PriceSpec["rateType"];
  price: string;
  tiers: TierView[];
  packageSize: string;
  packageRounding: "ROUND_UP" | "ROUND_DOWN";
};

const decimal = (text: string | null): Decimal | null => {
  if (text === null || !/^\s*(\d+\.?\d*|\.\d+)\s*$/.test(text)) return null;
  return new Decimal(text.trim());
};

/** The draft as the engine's PriceSpec, or null while it is incomplete or invalid. */
export function draftSpec(draft: DraftPrice): PriceSpec | null {
  switch (draft.rateType) {
    case "FLAT":
    case "SUBSCRIPTION": {
      const price = decimal(draft.price);
      return price && { rateType: draft.rateType, price };
    }
    case "TIERED":
    case "VOLUME": {
      const tiers: Tier[] = [];
      for (const [i, tier] of draft.tiers.entries()) {
        const price = decimal(tier.price);
        const last = i === draft.tiers.length - 1;
        const size = last ? null : decimal(tier.size);
        if (!price || (!last && !size?.gt(0))) return null;
        tiers.push(size ? { size, price } : { price });
      }
      return tiers.length ? { rateType: draft.rateType, tiers } : null;
    }
    case "PACKAGE": {
      const price = decimal(draft.price);
      const packageSize = decimal(draft.packageSize);
      return price && packageSize?.gt(0) ? { rateType: "PACKAGE", price, packageSize, packageRounding: draft.packageRounding } : null;
    }
    case "PERCENTAGE":
      return null;
  }
}

export type PreviewPoint = { quantity: Decimal; total: Decimal };

/** The total for `quantity` units in one billing period, from the period's first unit. */
export function totalFor(spec: PriceSpec, quantity: Decimal): Decimal {
  return chargeForRange(spec, ZERO, quantity, quantity).amount;
}

/** Where the preview's quantity axis ends: past the last tier boundary, or a few packages. */
export function previewRange(spec: PriceSpec): Decimal {
  if (spec.rateType === "TIERED" || spec.rateType === "VOLUME") {
    const sized = spec.tiers.reduce((sum, tier) => sum.plus(tier.size ?? ZERO), ZERO);
    return sized.gt(0) ? sized.times(1.5) : new Decimal(100);
  }
  if (spec.rateType === "PACKAGE") return spec.packageSize.times(5);
  return new Decimal(100);
}

/**
 * Totals at evenly spaced quantities, plus each tier boundary and the unit after it, so the
 * kinks of graduated tiers and the jumps of volume tiers and packages show at the right place.
 */
export function previewPoints(spec: PriceSpec, upTo: Decimal, steps = 48): PreviewPoint[] {
  const quantities: Decimal[] = [];
  for (let i = 0; i <= steps; i++) quantities.push(upTo.times(i).div(steps));
  if (spec.rateType === "TIERED" || spec.rateType === "VOLUME") {
    let boundary = ZERO;
    for (const tier of spec.tiers) {
      if (!tier.size) break;
      boundary = boundary.plus(tier.size);
      quantities.push(boundary, boundary.plus(upTo.div(1000)));
    }
  }
  if (spec.rateType === "PACKAGE") {
    for (let q = spec.packageSize; q.lte(upTo); q = q.plus(spec.packageSize)) quantities.push(q, q.plus(upTo.div(1000)));
  }
  const unique = [...new Map(quantities.filter((q) => q.lte(upTo)).map((q) => [q.toFixed(), q])).values()].sort((a, b) => a.comparedTo(b));
  return unique.map((quantity) => ({ quantity, total: totalFor(spec, quantity) }));
}
