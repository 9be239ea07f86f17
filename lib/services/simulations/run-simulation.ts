import { type Decimal, ZERO } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import type { TSimulatePriceChange } from "./schemas";
import { planSimulation, priceContracts, simulatedContractsWhere, simulationTotals, type PricedContracts } from "./simulate-price-change";

// Runs a stored simulation (start-simulation.ts) batch by batch, keyed by contract id. Each
// batch prices the next contracts after the run's cursor (priceContracts, through the pricing
// loaders) and commits, in one transaction, their impact rows, its additions to the product
// sums and totals, the progress and the new cursor. The transaction first checks, under the
// run's row lock, that the run is still this worker's and the cursor still the one it started
// from: a worker that lost the run to another (its lease expired) writes nothing, so no batch
// is ever counted twice, and a crash loses at most the batch in flight, which the next worker
// prices again.

export const SIMULATION_BATCH = 250;
/** Workers that may take a run up before it is failed: one that keeps killing its server is not retried for ever. */
export const SIMULATION_ATTEMPTS = 3;

/** Another worker has the run now (or it ended): this one must stop. */
export class SimulationRunTakenOver extends Error {
  override name = "SimulationRunTakenOver";
}

/** Stored totals per credit type, as decimal strings. */
export type StoredTotal = {
  credit_type_id: string;
  credit_type_name: string;
  precision: number;
  customers: number;
  changed: number;
  charges_before: string;
  charges_after: string;
  billed_before: string;
  billed_after: string;
};

/** The runs waiting or running, oldest first. */
export async function activeSimulationRuns(db: PrismaClient, limit = 10): Promise<string[]> {
  const rows = await db.simulationRun.findMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * Makes `worker` the run's worker (call it holding the run's lease). Taking it up from another
 * worker, or for the first time, counts an attempt; past SIMULATION_ATTEMPTS the run fails.
 * False when the run has ended.
 */
export async function claimSimulationRun(db: PrismaClient, runId: string, worker: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ attempts: number; worker: string }[]>(
    `UPDATE simulation_run SET worker = $2, attempts = attempts + CASE WHEN worker IS DISTINCT FROM $2 THEN 1 ELSE 0 END,
       status = 'RUNNING', started_at = coalesce(started_at, now())
     WHERE id = $1::uuid AND status IN ('QUEUED', 'RUNNING') RETURNING attempts`,
    runId,
    worker,
  );
  const claimed = rows[0];
  if (!claimed) return false;
  if (claimed.attempts > SIMULATION_ATTEMPTS) {
    await failSimulationRun(db, runId, `The run was interrupted ${SIMULATION_ATTEMPTS} times before it finished (its server stopped); run it again.`);
    return false;
  }
  return true;
}

export async function failSimulationRun(db: PrismaClient, runId: string, reason: string): Promise<void> {
  await db.simulationRun.updateMany({ where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error: reason, finishedAt: new Date() } });
}

/** Prices and stores the run's next batch; false once the run has finished. */
export async function simulationRunBatch(db: PrismaClient, runId: string, worker: string, batchSize = SIMULATION_BATCH, now = new Date()): Promise<boolean> {
  const run = await db.simulationRun.findUnique({ where: { id: runId }, select: { status: true, worker: true, cursor: true, input: true } });
  if (!run || run.status !== "RUNNING" || run.worker !== worker) throw new SimulationRunTakenOver(`Simulation run ${runId} is not this worker's.`);
  const plan = await planSimulation(db, run.input as TSimulatePriceChange, now);
  const contracts = await db.contract.findMany({
    where: { ...simulatedContractsWhere(plan), ...(run.cursor ? { id: { gt: run.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: batchSize,
    select: { id: true, customerId: true, customer: { select: { name: true } } },
  });
  const priced = await priceContracts(db, plan, contracts.map((c) => ({ id: c.id, customerId: c.customerId, customerName: c.customer.name })));
  const finished = contracts.length < batchSize;
  await db.$transaction((tx) => storeBatch(tx, runId, worker, run.cursor, contracts.at(-1)?.id ?? run.cursor, contracts.length, priced, finished), { maxWait: 60_000, timeout: 120_000 });
  return !finished;
}

function addTotals(stored: readonly StoredTotal[], priced: PricedContracts): StoredTotal[] {
  const byType = new Map(stored.map((t) => [t.credit_type_id, { ...t }]));
  const plus = (a: string, b: Decimal) => toDb(fromDb(a).plus(b));
  for (const t of simulationTotals(priced.customers)) {
    const entry = byType.get(t.creditType.id) ?? {
      credit_type_id: t.creditType.id,
      credit_type_name: t.creditType.name,
      precision: t.creditType.precision,
      customers: 0,
      changed: 0,
      charges_before: toDb(ZERO),
      charges_after: toDb(ZERO),
      billed_before: toDb(ZERO),
      billed_after: toDb(ZERO),
    };
    entry.customers += t.customers;
    entry.changed += t.changed;
    entry.charges_before = plus(entry.charges_before, t.charges.before);
    entry.charges_after = plus(entry.charges_after, t.charges.after);
    entry.billed_before = plus(entry.billed_before, t.billed.before);
    entry.billed_after = plus(entry.billed_after, t.billed.after);
    byType.set(t.creditType.id, entry);
  }
  return [...byType.values()];
}

async function storeBatch(
  tx: Prisma.TransactionClient,
  runId: string,
  worker: string,
  from: string | null,
  to: string | null,
  count: number,
  priced: PricedContracts,
  finished: boolean,
): Promise<void> {
  const [current] = await tx.$queryRawUnsafe<{ status: string; worker: string | null; cursor: string | null; totals: StoredTotal[] | null; contracts_done: number }[]>(
    `SELECT status::text, worker, cursor::text, totals, contracts_done FROM simulation_run WHERE id = $1::uuid FOR UPDATE`,
    runId,
  );
  if (!current || current.status !== "RUNNING" || current.worker !== worker || current.cursor !== from) {
    throw new SimulationRunTakenOver(`Simulation run ${runId} moved on without this worker.`);
  }
  const rows: Prisma.SimulationImpactCreateManyInput[] = [
    ...priced.customers.map((c) => ({
      runId,
      contractId: c.contractId,
      customerId: c.customerId,
      customerName: c.customerName,
      contractName: c.contractName,
      creditTypeId: c.creditType.id,
      creditTypeName: c.creditType.name,
      periodStart: c.period.startingAt,
      periodEnd: c.period.endingBefore,
      chargesBefore: toDb(c.charges.before),
      chargesAfter: toDb(c.charges.after),
      billedBefore: toDb(c.billed.before),
      billedAfter: toDb(c.billed.after),
      magnitude: toDb(c.charges.delta.abs()),
    })),
    ...priced.skipped.map((s) => ({ runId, contractId: s.contractId, customerId: s.customerId, customerName: s.customerName, skippedReason: s.reason })),
  ];
  if (rows.length) await tx.simulationImpact.createMany({ data: rows });
  if (priced.products.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO simulation_product (run_id, product_id, credit_type_id, product_name, credit_type_name, before, after)
       SELECT $1::uuid, product_id, credit_type_id, product_name, credit_type_name, before, after
       FROM jsonb_to_recordset($2::jsonb) AS r(product_id uuid, credit_type_id uuid, product_name text, credit_type_name text, before numeric, after numeric)
       ORDER BY product_id, credit_type_id
       ON CONFLICT (run_id, product_id, credit_type_id) DO UPDATE SET before = simulation_product.before + excluded.before, after = simulation_product.after + excluded.after`,
      runId,
      JSON.stringify(
        priced.products.map((p) => ({
          product_id: p.productId,
          credit_type_id: p.creditType.id,
          product_name: p.productName,
          credit_type_name: p.creditType.name,
          before: toDb(p.before),
          after: toDb(p.after),
        })),
      ),
    );
  }
  const done = current.contracts_done + count;
  await tx.simulationRun.update({
    where: { id: runId },
    data: {
      cursor: to,
      contractsDone: done,
      totals: addTotals(current.totals ?? [], priced),
      ...(finished ? { status: "DONE", finishedAt: new Date(), contractsTotal: done } : {}),
    },
  });
}
