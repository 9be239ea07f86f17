"use server";

import { revalidatePath } from "next/cache";
import { SIMULATION_KEYS, type SimulationQuery } from "@/components/simulations/simulation-query";
import { AppError } from "@/lib/errors";
import { serverAction } from "@/lib/server/action";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import { getSimulationRun } from "@/lib/services/simulations/simulation-runs";
import { startSimulation } from "@/lib/services/simulations/start-simulation";
import { simulationInput } from "./simulation-params";

/** Starts a stored simulation run of the form's inputs; the page then follows it at /simulations/<id>. */
export const startSimulationAction = serverAction(async (ctx, input) => {
  const query: SimulationQuery = Object.fromEntries(SIMULATION_KEYS.filter((key) => input[key]).map((key) => [key, input[key]]));
  const card = await getRateCard(ctx, { id: query.card ?? "" });
  const now = new Date();
  const simulation = simulationInput(query, card.fiatCreditType.id, now);
  if (!simulation) throw new AppError("bad_request", "Choose a product and give the proposed price, or choose the rate card to compare with.");
  const run = await startSimulation(ctx, { simulation, query: query as Record<string, string> }, now);
  revalidatePath("/simulations");
  return run;
});

/** Publishes the rate a run simulated, exactly as it was simulated, through the add-rate service. */
export const publishPriceChangeAction = serverAction(
  async (ctx, input) => {
    const run = await getSimulationRun(ctx, input.run ?? "");
    if (!run.input.proposed_rate) throw new AppError("bad_request", "This simulation compares another rate card; it has no single price to publish.");
    const rate = await addRate(ctx, run.input.proposed_rate);
    revalidatePath("/rate-cards", "layout");
    revalidatePath("/products", "layout");
    return { rateCardId: rate.rateCardId, productId: rate.productId, startingAt: rate.startingAt.toISOString() };
  },
  () => "Published.",
);
