import { fromInputAmount, type CreditUnit } from "@/lib/format-money";
import { percentToFraction } from "@/lib/percent";
import { jsonField, optional } from "@/lib/server/form-fields";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";

// A rate's price and tiers as the console's forms type them, as addRate's body takes them: the
// rate form (rate-cards/actions.ts) and the simulation's proposed rate (simulation-params.ts)
// read them the same way, so what is simulated is what would be added.

/**
 * A PERCENTAGE rate's price is a percent ("12.5"), sent as the fraction ("0.125"); any other
 * price is an amount as people read it (dollars for USD cents), sent in the API's unit.
 */
export function ratePriceField(rateType: string | undefined, text: string | undefined, unit: CreditUnit): string | undefined {
  const value = optional(text);
  if (value === undefined) return undefined;
  return rateType === "PERCENTAGE" ? percentToFraction(value) : fromInputAmount(value, unit);
}

/** Tiers a client component filled as JSON, each price an amount as people read it; unreadable JSON is passed on. */
export function rateTiersField(json: string | undefined, unit: CreditUnit): TAddRate["tiers"] {
  const tiers = jsonField(json);
  if (!Array.isArray(tiers)) return tiers as undefined;
  return tiers.map((tier: { size?: string | null; price?: string | null }) => ({ size: optional(tier.size ?? undefined), price: fromInputAmount(tier.price ?? "", unit) }));
}
