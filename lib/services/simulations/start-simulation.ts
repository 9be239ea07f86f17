import { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZStartSimulation, type TSimulatePriceChange, type TStartSimulation } from "./schemas";
import { planSimulation, simulatedContractsWhere } from "./simulate-price-change";

/**
 * Queues a simulation as a stored run, which the simulation job prices batch by batch
 * (run-simulation.ts). Anyone signed in may simulate, as before; the inputs are checked here, so
 * a bad one is refused now rather than failing the run. The run keeps its body with the billing
 * period's instant resolved, so it prices the period chosen now whenever it runs.
 */
export async function startSimulation(ctx: ServiceContext, input: TStartSimulation, now = new Date()): Promise<{ id: string }> {
  const { simulation, query } = parseInput(ZStartSimulation, input);
  const plan = await planSimulation(ctx.db, simulation as TSimulatePriceChange, now);
  const body = { ...(simulation as TSimulatePriceChange), period_at: plan.periodAt.toISOString() };
  const total = await ctx.db.contract.count({ where: simulatedContractsWhere(plan) });
  return ctx.db.$transaction(async (tx) => {
    const run = await tx.simulationRun.create({
      data: {
        rateCardId: plan.rateCard.id,
        rateCardName: plan.rateCard.name,
        proposedRateCardId: plan.proposal.kind === "rate_card" ? plan.proposal.rateCard.id : null,
        productId: plan.proposal.kind === "rate" ? plan.proposal.rate.productId : null,
        proposalName: plan.proposal.kind === "rate" ? plan.proposal.productName : plan.proposal.rateCard.name,
        input: body as Prisma.InputJsonValue,
        periodAt: plan.periodAt,
        query,
        contractsTotal: total,
        createdById: ctx.actor.type === "system" ? null : ctx.actor.id,
        createdBy: ctx.actor.name,
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx.actor, { action: "simulation.start", objectType: "simulation_run", objectId: run.id, after: { simulation: body, contracts: total } });
    return run;
  });
}
