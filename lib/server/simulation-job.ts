import type { PrismaClient } from "@/lib/db/generated/client";
import { appErrorOf } from "@/lib/errors";
import { activeSimulationRuns, claimSimulationRun, failSimulationRun, SIMULATION_BATCH, SimulationRunTakenOver, simulationRunBatch } from "@/lib/services/simulations/run-simulation";
import { acquireLease, holderId, releaseLease } from "./job-lease";

// The simulation job: prices stored simulation runs (lib/services/simulations/run-simulation.ts)
// batch by batch. Each run has its own lease, held from its first batch to its last, so one
// server runs a given run while others may run other ones. A server that dies leaves its lease
// to expire; the next server to take the run counts an attempt and resumes after the last
// committed batch, so a run is never left running for ever: it finishes, or fails after
// SIMULATION_ATTEMPTS takeovers, or on an error, with the reason.

export const SIMULATION_LEASE_TTL_MS = 60_000;
/** How long a pass keeps pricing before it hands back to the scheduler (which runs it again at once). */
const PASS_BUDGET_MS = 2_000;

export const simulationLease = (runId: string) => `simulation run ${runId}`;

export type SimulationPassOptions = { holder?: string; batchSize?: number; budgetMs?: number; clock?: () => Date };

/** Prices batches of the oldest run this server can take, for about budgetMs (at least one batch); true while runs are waiting. */
export async function simulationPass(db: PrismaClient, { holder = holderId, batchSize = SIMULATION_BATCH, budgetMs = PASS_BUDGET_MS, clock = () => new Date() }: SimulationPassOptions = {}): Promise<boolean> {
  for (const runId of await activeSimulationRuns(db)) {
    const lease = simulationLease(runId);
    if (!(await acquireLease(db, lease, holder, SIMULATION_LEASE_TTL_MS))) continue;
    try {
      if (!(await claimSimulationRun(db, runId, holder))) {
        await releaseLease(db, lease, holder);
        continue;
      }
      const started = Date.now();
      let more: boolean;
      do {
        more = await simulationRunBatch(db, runId, holder, batchSize, clock());
        if (more && !(await acquireLease(db, lease, holder, SIMULATION_LEASE_TTL_MS))) throw new SimulationRunTakenOver(`The ${lease} lease was taken over.`);
      } while (more && Date.now() - started < budgetMs);
      if (!more) await releaseLease(db, lease, holder);
      return true;
    } catch (error) {
      if (error instanceof SimulationRunTakenOver) continue;
      const refusal = appErrorOf(error);
      if (!refusal) console.error(`Simulation run ${runId} failed.`, error);
      await failSimulationRun(db, runId, refusal?.message ?? "The simulation stopped on an unexpected error; run it again.");
      await releaseLease(db, lease, holder).catch(() => {});
      return true;
    }
  }
  return false;
}

/** The scheduler's job. */
export function simulationJob() {
  return (db: PrismaClient) => simulationPass(db);
}
