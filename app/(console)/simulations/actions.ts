"use server";

import { revalidatePath } from "next/cache";
import { SIMULATION_KEYS, type SimulationQuery } from "@/components/simulations/simulation-query";
import { serverAction } from "@/lib/server/action";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import { proposedRateBody } from "./simulation-params";

/** Publishes the simulated rate: the same query the page simulated, added by the add-rate service. */
export const publishPriceChangeAction = serverAction(
  async (ctx, input) => {
    const query: SimulationQuery = Object.fromEntries(SIMULATION_KEYS.map((key) => [key, input[key]]));
    const card = await getRateCard(ctx, { id: query.card ?? "" });
    const rate = await addRate(ctx, proposedRateBody(query, card.fiatCreditType.id));
    revalidatePath("/rate-cards", "layout");
    revalidatePath("/products", "layout");
    return { rateCardId: rate.rateCardId, productId: rate.productId, startingAt: rate.startingAt.toISOString() };
  },
  () => "Published.",
);
