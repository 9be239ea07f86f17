import { z } from "zod";
import { ZAddRate } from "@/lib/services/rate-cards/schemas";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZId } from "@/lib/services/zod-fields";
import { ZInstant } from "@/lib/services/zod-pricing";

// A pricing simulation: what one billing period of every customer on a rate card would have
// cost under a proposed price. The proposal is either one rate, given exactly as the add-rate
// operation takes it (publishing the change sends that same body to addRate), or a whole other
// rate card (e.g. a duplicate being edited) priced in place of the customers' card.

export const ZSimulatePriceChange = z
  .object({
    /** A rate to add to its card: the card's customers are simulated with it. */
    proposed_rate: ZAddRate.optional(),
    /** With proposed_rate_card_id: the customers of this card are priced with the other card's rates. */
    rate_card_id: ZId.optional(),
    proposed_rate_card_id: ZId.optional(),
    /** Each contract's billing period containing this instant is simulated; now when absent. */
    period_at: ZInstant.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.proposed_rate && (input.rate_card_id || input.proposed_rate_card_id)) {
      ctx.addIssue({ code: "custom", path: ["proposed_rate_card_id"], message: "Give either a proposed rate or a proposed rate card, not both" });
    } else if (!input.proposed_rate && !(input.rate_card_id && input.proposed_rate_card_id)) {
      ctx.addIssue({ code: "custom", path: ["proposed_rate"], message: "Give a proposed rate, or a rate card and the rate card to compare it with" });
    } else if (input.rate_card_id && input.rate_card_id === input.proposed_rate_card_id) {
      ctx.addIssue({ code: "custom", path: ["proposed_rate_card_id"], message: "Choose a different rate card to compare with" });
    }
  });
export type TSimulatePriceChange = z.input<typeof ZSimulatePriceChange>;

/** A stored run of a simulation (start-simulation.ts): the simulation, and the console form's fields to change and run it again. */
export const ZStartSimulation = z.object({
  simulation: z.unknown(),
  query: z.record(z.string(), z.string().max(10_000)).default({}),
});
export type TStartSimulation = z.input<typeof ZStartSimulation>;

export const SIMULATION_IMPACT_SORTS = ["change", "customer", "before"] as const;

/** A page of a run's contracts: by the size of the change (largest first), the customer's name, or revenue before. */
export const ZListSimulationImpacts = ZPageParams.extend({
  run_id: ZId,
  sort: z.enum(SIMULATION_IMPACT_SORTS).default("change"),
  order: ZSortOrder.optional(),
});
export type TListSimulationImpacts = z.input<typeof ZListSimulationImpacts>;

export const ZListSimulationRuns = ZPageParams;
export type TListSimulationRuns = z.input<typeof ZListSimulationRuns>;
