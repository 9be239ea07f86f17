import { jsonField, optional, utcInstant } from "@/lib/server/form-fields";
import { ratePriceField, rateTiersField } from "@/lib/server/rate-form-fields";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";
import type { TSimulatePriceChange } from "@/lib/services/simulations/schemas";
import type { SimulationQuery } from "@/components/simulations/simulation-query";

// The URL's inputs as the services' bodies. The page simulates and the publish action adds the
// same rate from the same query, so what is published is exactly what was simulated.

/** The proposed rate as addRate's body; `unitId` is the card's fiat credit type, which amounts are typed in. */
export function proposedRateBody(query: SimulationQuery, unitId: string): TAddRate {
  const unit = { id: unitId, name: "" };
  const type = query.type ?? "";
  const tiered = type === "TIERED" || type === "VOLUME";
  return {
    rate_card_id: query.card ?? "",
    product_id: query.product ?? "",
    entitled: true,
    rate_type: type as TAddRate["rate_type"],
    starting_at: utcInstant(query.from) ?? "",
    price: tiered ? undefined : ratePriceField(type, query.price, unit),
    tiers: tiered ? rateTiersField(query.tiers, unit) : undefined,
    package_size: type === "PACKAGE" ? optional(query.package_size) : undefined,
    package_rounding: type === "PACKAGE" ? (optional(query.package_rounding) as TAddRate["package_rounding"]) : undefined,
    billing_frequency: type === "SUBSCRIPTION" ? ((optional(query.frequency) ?? "MONTHLY") as TAddRate["billing_frequency"]) : undefined,
    is_prorated: type === "SUBSCRIPTION" ? true : undefined,
    pricing_group_values: jsonField(query.group) as TAddRate["pricing_group_values"],
  };
}

/** The simulation the query asks for, or null while the form is not filled in enough to run one. */
export function simulationInput(query: SimulationQuery, unitId: string, now: Date): TSimulatePriceChange | null {
  const period_at = query.period && query.period !== "current" ? query.period : now.toISOString();
  if (query.mode === "card") return query.card && query.with ? { rate_card_id: query.card, proposed_rate_card_id: query.with, period_at } : null;
  if (!query.card || !query.product || !query.type || !(query.price || query.tiers)) return null;
  return { proposed_rate: proposedRateBody(query, unitId), period_at };
}
