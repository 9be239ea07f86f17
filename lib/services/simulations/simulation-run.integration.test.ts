import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { PrismaClient } from "@/lib/db/generated/client";
import { simulationLease, simulationPass } from "@/lib/server/simulation-job";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { duplicateRateCard } from "@/lib/services/rate-cards/duplicate-rate-card";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingScenario, FEB, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";
import { SIMULATION_ATTEMPTS, SimulationRunTakenOver, simulationRunBatch } from "./run-simulation";
import type { TSimulatePriceChange } from "./schemas";
import { simulatePriceChange, type Amounts, type PriceSimulation } from "./simulate-price-change";
import { getSimulationRun, getSimulationRunStatus, listSimulationImpacts, listSimulationRuns } from "./simulation-runs";
import { startSimulation } from "./start-simulation";

// A stored run against the same simulation computed in one go (simulatePriceChange), to the
// cent: over the billing scenario's customer and eleven more on the same card (one with a
// customer-level credit, one whose contract the engine refuses), in batches of three, so a run
// spans several batches; then with its worker stopping between batches, and failing.

const money = (a: Amounts) => [a.before.toFixed(), a.after.toFixed(), a.delta.toFixed(), a.deltaPercent?.toFixed(10) ?? null];
const BATCH = 3;

/** The direct simulation as the stored run shows it. */
function expected(sim: PriceSimulation) {
  return {
    totals: sim.totals.map((t) => [t.creditType.id, t.customers, ...money(t.charges), ...money(t.billed)]),
    products: sim.products.map((p) => [p.productId, p.creditType.id, ...money(p)]),
    customers: sim.customers.map((c) => [c.contractId, c.customerName, c.period.startingAt.toISOString(), ...money(c.charges), ...money(c.billed)]).sort(),
    byPercent: sim.mostAffected.byPercent.map((c) => c.contractId),
    skipped: sim.skipped.map((s) => [s.contractId, s.reason]),
  };
}

async function stored(db: PrismaClient, runId: string) {
  const ctx = { db, actor: { type: "system" as const, name: "test" } };
  const run = await getSimulationRun(ctx, runId);
  const customers: string[][] = [];
  let next_page: string | undefined;
  // Paged in SQL, three at a time, largest change first.
  let previous: string | undefined;
  do {
    const page = await listSimulationImpacts(ctx, { run_id: runId, limit: BATCH, next_page });
    for (const c of page.data) {
      const size = c.charges.delta.abs().toFixed();
      if (previous !== undefined) expect(Number(size)).toBeLessThanOrEqual(Number(previous));
      previous = size;
      customers.push([c.contractId, c.customerName, c.period.startingAt.toISOString(), ...money(c.charges), ...money(c.billed)] as string[]);
    }
    next_page = page.next_page ?? undefined;
  } while (next_page);
  return {
    run,
    results: {
      totals: run.totals.map((t) => [t.creditType.id, t.customers, ...money(t.charges), ...money(t.billed)]),
      products: run.products.map((p) => [p.productId, p.creditType.id, ...money(p)]),
      customers: customers.sort(),
      byPercent: run.mostAffectedByPercent.map((c) => c.contractId),
      skipped: run.skipped.first.map((s) => [s.contractId, s.reason]),
    },
  };
}

async function runToEnd(db: PrismaClient, holder: string) {
  for (let pass = 0; pass < 100 && (await simulationPass(db, { holder, batchSize: BATCH, budgetMs: 0, clock: () => NOW })); pass++);
}

const expireLease = (db: PrismaClient, runId: string) => db.$executeRawUnsafe(`UPDATE job_lease SET expires_at = now() - interval '1 second' WHERE name = $1`, simulationLease(runId));

describeEachDatabase("stored simulation runs", (kind) => {
  let db: Database;
  let s: BillingScenario;
  let cardId: string;
  let apiAt12: () => TAddRate;
  let byRate: TSimulatePriceChange;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
    cardId = (await db.prisma.contract.findUniqueOrThrow({ where: { id: s.contractId }, select: { rateCardId: true } })).rateCardId!;
    apiAt12 = () => ({ rate_card_id: cardId, product_id: s.products.api, entitled: true, rate_type: "FLAT", price: 12, starting_at: "2026-04-01T00:00:00Z" });
    byRate = { proposed_rate: apiAt12(), period_at: NOW.toISOString() };
    const events: { transaction_id: string; customer_id: string; event_type: string; timestamp: string; properties?: Record<string, unknown> }[] = [];
    for (let n = 1; n <= 11; n++) {
      const customer = await db.prisma.customer.create({ data: { name: `Customer ${String(n).padStart(2, "0")}`, aliases: { create: [{ alias: `c${n}` }] } } });
      await db.prisma.contract.create({ data: { customerId: customer.id, rateCardId: cardId, name: `Contract ${n}`, startingAt: FEB, nextPeriodStart: FEB } });
      for (let e = 0; e < n * 7; e++) events.push({ transaction_id: `c${n}-call-${e}`, customer_id: `c${n}`, event_type: "api_call", timestamp: "2026-03-12T10:00:00Z" });
      events.push({ transaction_id: `c${n}-tok`, customer_id: `c${n}`, event_type: "completion", timestamp: "2026-03-11T14:00:00Z", properties: { region: n % 2 ? "us" : "eu", tokens: n * 333 } });
      if (n === 4) {
        // A customer-level credit, drawn by every contract of the customer.
        await db.prisma.commit.create({
          data: {
            customerId: customer.id,
            kind: "CREDIT",
            name: "Goodwill",
            productId: s.products.fixed,
            creditTypeId: USD_CENTS.id,
            applicableProductIds: [],
            applicableProductTags: [],
            priority: "1",
            segments: { create: [{ customerId: customer.id, amount: "250", startingAt: FEB, endingBefore: new Date("2026-06-01T00:00:00Z") }] },
          },
        });
      }
      if (n === 9) {
        // Terms the engine refuses (a custom billing day without its date): the contract is skipped, with the reason.
        await db.prisma.$executeRawUnsafe(`UPDATE contract SET usage_statement_day = 'CUSTOM_DATE', billing_anchor_date = NULL WHERE customer_id = $1::uuid`, customer.id);
      }
    }
    await ingestEvents(s.ctx, events, { now: NOW, backdateDays: 60 });
  });
  afterAll(() => db.close());

  it("stores the results of a run over many batches equal to the simulation computed in one go, to the cent, paged and sorted in SQL", async () => {
    const viewer = { db: db.prisma, actor: { type: "user" as const, id: "v", name: "Vic", role: "viewer" as const } };
    const { id } = await startSimulation(viewer, { simulation: byRate, query: { card: cardId, price: "0.12" } }, NOW);
    expect(await getSimulationRunStatus(viewer, id)).toMatchObject({ status: "queued", progress: { done: 0, total: 12 }, createdBy: "Vic", kind: "rate", proposalName: "API calls" });
    const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectType: "simulation_run", objectId: id } });
    expect(audit).toMatchObject({ action: "simulation.start", actorName: "Vic" });

    await simulationPass(db.prisma, { holder: "w1", batchSize: BATCH, budgetMs: 0, clock: () => NOW });
    expect(await getSimulationRunStatus(viewer, id)).toMatchObject({ status: "running", progress: { done: BATCH, total: 12 } });
    await runToEnd(db.prisma, "w1");

    const direct = await simulatePriceChange(s.ctx, byRate, NOW);
    expect(direct.customers.length).toBeGreaterThan(8);
    expect(direct.skipped.map((c) => c.customerName)).toEqual(["Customer 09"]);
    const { run, results } = await stored(db.prisma, id);
    expect(run).toMatchObject({ status: "done", progress: { done: 12, total: 12 }, error: null, query: { card: cardId, price: "0.12" } });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(results).toEqual(expected(direct));
    expect(run.totals[0]!.changed).toBe(direct.customers.filter((c) => !c.charges.delta.isZero() || !c.billed.delta.isZero()).length);
    // The lease went with the run.
    expect(await db.prisma.jobLease.count({ where: { name: simulationLease(id) } })).toBe(0);
    // Sorted by customer, and by revenue before, page after page.
    const all = async (sort: "customer" | "before", order?: "asc" | "desc") => {
      const seen: { name: string; before: string }[] = [];
      let next_page: string | undefined;
      do {
        const page = await listSimulationImpacts(viewer, { run_id: id, sort, order, limit: 4, next_page });
        seen.push(...page.data.map((c) => ({ name: c.customerName, before: c.charges.before.toFixed() })));
        next_page = page.next_page ?? undefined;
      } while (next_page);
      return seen;
    };
    const names = direct.customers.map((c) => c.customerName);
    expect((await all("customer")).map((c) => c.name)).toEqual([...names].sort());
    expect((await all("customer", "desc")).map((c) => c.name)).toEqual([...names].sort().reverse());
    const befores = (await all("before")).map((c) => Number(c.before));
    expect(befores).toEqual([...befores].sort((a, b) => b - a));
    expect(befores).toHaveLength(direct.customers.length);
    const runs = await listSimulationRuns(viewer, { limit: 10 });
    expect(runs.data.map((r) => r.id)).toContain(id);
  });

  it("compares a whole other rate card the same way", async () => {
    const copy = await duplicateRateCard(s.ctx, { rate_card_id: cardId, name: "List 2027" });
    await addRate(s.ctx, { ...apiAt12(), rate_card_id: copy.id, price: 20, starting_at: "2026-01-02T00:00:00Z" });
    const input = { rate_card_id: cardId, proposed_rate_card_id: copy.id, period_at: NOW.toISOString() };
    const { id } = await startSimulation(s.ctx, { simulation: input }, NOW);
    await runToEnd(db.prisma, "w1");
    const { run, results } = await stored(db.prisma, id);
    expect(run).toMatchObject({ status: "done", kind: "rate_card", proposal: { kind: "rate_card", rateCard: { id: copy.id, name: "List 2027" } } });
    expect(results).toEqual(expected(await simulatePriceChange(s.ctx, input, NOW)));
  });

  it("resumes a run whose worker stopped between batches where it stopped, counting nothing twice", async () => {
    const { id } = await startSimulation(s.ctx, { simulation: byRate }, NOW);
    // Worker A prices one batch, then its server stops: its lease expires.
    await simulationPass(db.prisma, { holder: "A", batchSize: BATCH, budgetMs: 0, clock: () => NOW });
    expect((await getSimulationRunStatus(s.ctx, id)).progress.done).toBe(BATCH);
    // While A's lease holds, nobody else takes the run.
    expect(await simulationPass(db.prisma, { holder: "B", batchSize: BATCH, budgetMs: 0, clock: () => NOW })).toBe(false);
    await expireLease(db.prisma, id);
    // B takes it up and prices the next batch.
    await simulationPass(db.prisma, { holder: "B", batchSize: BATCH, budgetMs: 0, clock: () => NOW });
    expect((await getSimulationRunStatus(s.ctx, id)).progress.done).toBe(2 * BATCH);
    // A, still alive after all, tries its next batch: it is refused and writes nothing.
    await expect(simulationRunBatch(db.prisma, id, "A", BATCH, NOW)).rejects.toBeInstanceOf(SimulationRunTakenOver);
    expect(await db.prisma.simulationImpact.count({ where: { runId: id } })).toBe(2 * BATCH);
    await runToEnd(db.prisma, "B");

    const { run, results } = await stored(db.prisma, id);
    expect(run.status).toBe("done");
    expect(await db.prisma.simulationRun.findUniqueOrThrow({ where: { id }, select: { attempts: true } })).toEqual({ attempts: 2 });
    expect(results).toEqual(expected(await simulatePriceChange(s.ctx, byRate, NOW)));
  });

  it("fails a run with its reason: when it can no longer be priced, and when its servers keep stopping", async () => {
    const copy = await duplicateRateCard(s.ctx, { rate_card_id: cardId, name: "Gone soon" });
    const { id } = await startSimulation(s.ctx, { simulation: { rate_card_id: cardId, proposed_rate_card_id: copy.id, period_at: NOW.toISOString() } }, NOW);
    await simulationPass(db.prisma, { holder: "A", batchSize: BATCH, budgetMs: 0, clock: () => NOW });
    await db.prisma.rateCard.delete({ where: { id: copy.id } });
    await runToEnd(db.prisma, "A");
    expect(await getSimulationRunStatus(s.ctx, id)).toMatchObject({ status: "failed", error: "No rate card has that id.", progress: { done: BATCH } });
    expect(await db.prisma.jobLease.count({ where: { name: simulationLease(id) } })).toBe(0);

    const stopping = await startSimulation(s.ctx, { simulation: byRate }, NOW);
    for (let worker = 1; worker <= SIMULATION_ATTEMPTS + 1; worker++) {
      await simulationPass(db.prisma, { holder: `dies-${worker}`, batchSize: BATCH, budgetMs: 0, clock: () => NOW });
      await expireLease(db.prisma, stopping.id);
    }
    expect(await getSimulationRunStatus(s.ctx, stopping.id)).toMatchObject({
      status: "failed",
      error: `The run was interrupted ${SIMULATION_ATTEMPTS} times before it finished (its server stopped); run it again.`,
      progress: { done: SIMULATION_ATTEMPTS * BATCH },
    });
  });

  it("refuses what it cannot simulate when it is started, never a failed run", async () => {
    const future = await refusal(startSimulation(s.ctx, { simulation: { ...byRate, period_at: "2026-06-01T00:00:00Z" } }, NOW));
    expect(future.fields).toEqual({ period_at: "Must not be in the future" });
    const seatsAsFlat = await refusal(startSimulation(s.ctx, { simulation: { proposed_rate: { ...apiAt12(), product_id: s.products.support } } }, NOW));
    expect(seatsAsFlat.code).toBe("bad_request");
    expect(await db.prisma.simulationRun.count({ where: { status: "QUEUED" } })).toBe(0);
    // "This period so far" is the moment it is asked, off the hour: that is no refusal.
    const offHour = await startSimulation(s.ctx, { simulation: { ...byRate, period_at: "2026-03-15T11:34:56.789Z" } }, NOW);
    expect((await getSimulationRunStatus(s.ctx, offHour.id)).status).toBe("queued");
    expect((await refusal(getSimulationRunStatus(s.ctx, "not-an-id"))).code).toBe("not_found");
    expect((await refusal(listSimulationImpacts(s.ctx, { run_id: s.customerId, next_page: "bogus" }))).code).toBe("bad_request");
  });
});
