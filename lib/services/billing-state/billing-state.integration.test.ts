import { spawn } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sum, ZERO } from "@/lib/billing/decimal";
import { openPostgres, type Database } from "@/lib/db/connection";
import type { PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { rolledUp } from "@/lib/metering/catalog";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { billingStatePass } from "@/lib/server/billing-state-job";
import { createCustomerCommit } from "@/lib/services/balances/create-customer-commit";
import { LOW_BALANCE_SHARE } from "@/lib/services/billing-state/constants";
import { readFreshness } from "@/lib/services/billing-state/read-freshness";
import { bootstrap } from "@/lib/services/bootstrap";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { setUsageFilter } from "@/lib/services/contracts/set-usage-filter";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { findInvoices } from "@/lib/services/invoices/find-invoices";
import { balanceLevels, periodSpend, readCustomerStanding, revenueContribution } from "@/lib/services/overview/customer-standing";
import { getOverview } from "@/lib/services/overview/get-overview";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { addRates } from "@/lib/services/rate-cards/add-rates";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { CLOSE_AT, closeScenario } from "@/lib/test-support/close-scenario";
import { describeEachDatabase, freshDatabase, freshPostgresUrl } from "@/lib/test-support/databases";
import { parentPaysPair } from "@/lib/test-support/parent-pays";
import { nextRefreshBatch, refreshCustomers } from "./refresh-billing-state";

// The stored billing state against what a live read computes, to the cent, after the job has
// settled: for randomized customers, contracts, commits, price changes, late events and
// archiving; for a refresh repeated or racing a change; and for a job killed at random points.

const NOW = new Date("2026-01-20T12:00:00Z");
const system: ServiceContext["actor"] = { type: "system", name: "test" };

/** Every stored figure of every customer equals the live one, and the revenue summary is the sum of the live shares. */
async function expectStoredMatchesLive(db: PrismaClient, now: Date) {
  const customers = await db.customer.findMany({ select: { id: true, archivedAt: true }, orderBy: { id: "asc" } });
  const expected = new Map<string, { charges: string; applied: string; total: string; customers: number }>();
  const counts = { tracked: 0, low: 0 };
  for (const customer of customers) {
    const drafts = await db.storedDraft.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });
    const spend = await db.customerPeriodSpend.findMany({ where: { customerId: customer.id }, orderBy: { creditTypeId: "asc" } });
    const balances = await db.storedBalance.findMany({ where: { customerId: customer.id }, orderBy: { commitId: "asc" } });
    if (customer.archivedAt) {
      expect([drafts, spend, balances]).toEqual([[], [], []]);
      continue;
    }
    const live = await readCustomerStanding(db, customer.id, now, { scheduled: true });
    expect(drafts.map((d) => [d.id, d.type, fromDb(d.total).toFixed(), d.lineCount])).toEqual(
      [...live.drafts, ...live.scheduled].map((d) => [d.id, d.type, d.invoice.total.toFixed(), d.invoice.lines.length]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(spend.map((s) => [s.creditTypeId, fromDb(s.charges).toFixed(), fromDb(s.applied).toFixed(), fromDb(s.total).toFixed()])).toEqual(
      periodSpend(live).map((s) => [s.creditType.id, s.charges.toFixed(), s.applied.toFixed(), s.total.toFixed()]).sort(),
    );
    expect(balances.map((b) => [b.commitId, fromDb(b.granted).toFixed(), fromDb(b.remaining).toFixed()])).toEqual(
      balanceLevels(live).map((b) => [b.id, b.granted.toFixed(), b.remaining.toFixed()]).sort(),
    );
    for (const b of balanceLevels(live)) {
      counts.tracked++;
      if (b.granted.gt(0) && b.remaining.div(b.granted).lt(LOW_BALANCE_SHARE)) counts.low++;
    }
    for (const share of revenueContribution(live)) {
      const key = `${share.creditTypeId}|${share.key}`;
      const entry = expected.get(key) ?? { charges: "0", applied: "0", total: "0", customers: 0 };
      expected.set(key, {
        charges: share.charges.plus(entry.charges).toFixed(),
        applied: share.applied.plus(entry.applied).toFixed(),
        total: share.total.plus(entry.total).toFixed(),
        customers: entry.customers + 1,
      });
    }
  }
  const summary = await db.revenueSummary.findMany({ where: { customers: { not: 0 } } });
  expect(new Map(summary.map((r) => [`${r.creditTypeId}|${r.key}`, { charges: fromDb(r.charges).toFixed(), applied: fromDb(r.applied).toFixed(), total: fromDb(r.total).toFixed(), customers: r.customers }]))).toEqual(expected);
  // Rows a customer left behind hold exactly zero.
  const left = await db.revenueSummary.findMany({ where: { customers: 0 } });
  expect(left.every((r) => fromDb(r.charges).isZero() && fromDb(r.applied).isZero() && fromDb(r.total).isZero())).toBe(true);
  const balanceSummary = await db.balanceSummary.findUnique({ where: { id: 1 } });
  expect({ tracked: Number(balanceSummary?.tracked ?? 0), low: Number(balanceSummary?.low ?? 0) }).toEqual(counts);
  expect(await db.billingRefreshQueue.count()).toBe(0);
}

describeEachDatabase("stored billing state", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
    f = await billingFixture(ctx);
  });
  afterAll(() => db.close());

  const events = (alias: string, tag: string, requests: number, tokens: { model: string; n: number }[], at: Date) => [
    ...Array.from({ length: requests }, (_, i) => ({ transaction_id: `${tag}-r${i}`, customer_id: alias, event_type: "completion", timestamp: at.toISOString(), properties: {} })),
    ...tokens.map((t, i) => ({ transaction_id: `${tag}-t${i}`, customer_id: alias, event_type: "completion", timestamp: at.toISOString(), properties: { model: t.model, tokens: t.n } })),
  ];

  it("prices a customer as a live read does, and follows a price change, new usage and a late event", async () => {
    const customer = await createCustomer(ctx, { name: "Hand Co", ingest_aliases: ["hand-co"] });
    await createContract(ctx, { customer_id: customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    await ingestEvents(ctx, events("hand-co", "hand-1", 2500, [], new Date("2026-01-10T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    // 2,500 requests: 1,000 free, 1,500 at 0.5¢.
    const [draft] = (await findInvoices(ctx, { customerId: customer.id, status: "DRAFT" })).data;
    expect(draft!.total.toFixed()).toBe("750");
    expect((await db.prisma.customerBillingState.findUniqueOrThrow({ where: { customerId: customer.id } })).fiatCharges.toString()).toBe("750");

    // From the 15th, requests past the free 1,000 cost 1¢; 500 late requests on the 16th.
    await addRate(ctx, { rate_card_id: f.card.id, product_id: f.requestProduct.id, entitled: true, rate_type: "TIERED", tiers: [{ size: 1000, price: 0 }, { price: 1 }], starting_at: "2026-01-15T00:00:00Z" }, NOW);
    await ingestEvents(ctx, events("hand-co", "hand-2", 500, [], new Date("2026-01-16T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    const [after] = (await findInvoices(ctx, { customerId: customer.id, status: "DRAFT" })).data;
    expect(after!.total.toFixed()).not.toBe("750");
    await expectStoredMatchesLive(db.prisma, NOW);
  });

  it("follows a usage filter change: the customer is refreshed and each contract's stored draft bills its own usage", async () => {
    // Tokens only (their metric keeps model): one customer's usage split by model, large on A, mini on B.
    const card = await createRateCard(ctx, { name: "Split tokens" });
    await addRates(ctx, {
      rate_card_id: card.id,
      rates: [
        { product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 1000, starting_at: T0.toISOString(), pricing_group_values: { model: "large" } },
        { product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 100, starting_at: T0.toISOString(), pricing_group_values: { model: "mini" } },
      ],
    });
    const customer = await createCustomer(ctx, { name: "Split Co", ingest_aliases: ["split-co"] });
    const filtered = (values: string[]) => createContract(ctx, { customer_id: customer.id, rate_card_id: card.id, starting_at: T0.toISOString(), usage_filter: { group_key: "model", group_values: values } });
    const a = await filtered(["large"]);
    const b = await filtered(["mini"]);
    // 2M large tokens on the 5th (2 × 1000¢) and 3M mini tokens on the 6th (3 × 100¢).
    await ingestEvents(ctx, events("split-co", "split", 0, [{ model: "large", n: 2_000_000 }], new Date("2026-01-05T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await ingestEvents(ctx, events("split-co", "split-mini", 0, [{ model: "mini", n: 3_000_000 }], new Date("2026-01-06T00:00:00Z")), { now: NOW, backdateDays: 34 });
    const stored = async () => {
      const drafts = (await findInvoices(ctx, { customerId: customer.id, status: "DRAFT" })).data;
      return [a.id, b.id].map((id) => drafts.find((d) => d.contractId === id)!.total.toFixed());
    };
    await settleBillingState(db.prisma, NOW);
    expect(await stored()).toEqual(["2000", "300"]);
    await expectStoredMatchesLive(db.prisma, NOW);

    // Mini moves to A from the 6th: taken off B first, then given to A.
    await setUsageFilter(ctx, { customer_id: customer.id, contract_id: b.id, group_key: "model", group_values: ["small"], starting_at: "2026-01-06T00:00:00Z" });
    await setUsageFilter(ctx, { customer_id: customer.id, contract_id: a.id, group_key: "model", group_values: ["large", "mini"], starting_at: "2026-01-06T00:00:00Z" });
    expect(await db.prisma.billingRefreshQueue.count({ where: { customerId: customer.id } })).toBe(1);
    await settleBillingState(db.prisma, NOW);
    expect(await stored()).toEqual(["2300", "0"]);
    await expectStoredMatchesLive(db.prisma, NOW);
  });

  it("a child's events refresh its parent's stored draft, which bills them from the parent's commit (account hierarchy, parent pays)", async () => {
    const { parent, child } = await parentPaysPair(ctx, f);
    const stored = async (customerId: string) => (await findInvoices(ctx, { customerId, status: "DRAFT" })).data.map((d) => d.total.toFixed());
    // The child's 3,000 requests: 1,000 free, 2,000 at 0.5¢ = 1,000¢, 400¢ of it from the parent's commit.
    await ingestEvents(ctx, events("subsidiary-co", "sub-1", 3000, [], new Date("2026-01-10T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    expect([await stored(parent.id), await stored(child.id)]).toEqual([["600"], ["0"]]);
    // 1,000 more on the 12th: the event pass queues the parent with the child, 1,500¢ − 400¢ = 1,100¢.
    await ingestEvents(ctx, events("subsidiary-co", "sub-2", 1000, [], new Date("2026-01-12T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    expect([await stored(parent.id), await stored(child.id)]).toEqual([["1100"], ["0"]]);
    await expectStoredMatchesLive(db.prisma, NOW);
  });

  it("matches live reads for randomized customers, contracts, commits, price changes and late events", async () => {
    // Each run's price change starts later than the one before (a rate supersedes only an earlier open-ended one).
    let lastPriceDay = 1;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            requests: fc.integer({ min: 0, max: 1500 }),
            tokens: fc.array(fc.record({ model: fc.constantFrom("large", "mini"), n: fc.integer({ min: 1, max: 3_000_000 }) }), { maxLength: 3 }),
            commit: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
            day: fc.integer({ min: 1, max: 19 }),
            lateRequests: fc.integer({ min: 0, max: 300 }),
            archive: fc.boolean(),
          }),
          { minLength: 2, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (plans, step) => {
          const priceDay = (lastPriceDay = Math.min(lastPriceDay + step, 19));
          const run = `run${Math.random().toString(36).slice(2, 8)}`;
          const ids: string[] = [];
          for (const [k, plan] of plans.entries()) {
            const alias = `${run}-${k}`;
            const customer = await createCustomer(ctx, { name: `Random ${alias}`, ingest_aliases: [alias] });
            ids.push(customer.id);
            await createContract(ctx, { customer_id: customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
            if (plan.commit !== undefined) {
              await createCustomerCommit(ctx, {
                customer_id: customer.id,
                type: "prepaid",
                product_id: f.fixed.id,
                priority: 1,
                access_schedule: { credit_type_id: USD_CENTS.id, schedule_items: [{ amount: plan.commit, starting_at: T0.toISOString(), ending_before: "2027-01-01T00:00:00Z" }] },
              });
            }
            const batch = events(alias, `${alias}-a`, plan.requests, plan.tokens, new Date(Date.UTC(2026, 0, plan.day, 3)));
            if (batch.length) await ingestEvents(ctx, batch, { now: NOW, backdateDays: 34 });
          }
          await settleBillingState(db.prisma, NOW, 1);
          await expectStoredMatchesLive(db.prisma, NOW);

          const day = String(priceDay).padStart(2, "0");
          await addRate(ctx, { rate_card_id: f.card.id, product_id: f.tokenProduct.id, entitled: true, rate_type: "FLAT", price: 100 + priceDay, starting_at: `2026-01-${day}T00:00:00Z`, pricing_group_values: { model: "mini" } }, NOW);
          for (const [k, plan] of plans.entries()) {
            const late = events(`${run}-${k}`, `${run}-${k}-late`, plan.lateRequests, [], new Date(Date.UTC(2026, 0, 2)));
            if (late.length) await ingestEvents(ctx, late, { now: NOW, backdateDays: 34 });
            if (plan.archive) await archiveCustomer(ctx, { id: ids[k]! });
          }
          await settleBillingState(db.prisma, NOW, 1);
          await expectStoredMatchesLive(db.prisma, NOW);
        },
      ),
      { numRuns: 4 },
    );
  });

  it("counts a customer once when a batch is refreshed twice, and refreshes again what changed during a refresh", async () => {
    const customer = await createCustomer(ctx, { name: "Twice Co", ingest_aliases: ["twice-co"] });
    await createContract(ctx, { customer_id: customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    await ingestEvents(ctx, events("twice-co", "twice-1", 1200, [], new Date("2026-01-05T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    const summary = () => db.prisma.revenueSummary.findMany({ orderBy: [{ creditTypeId: "asc" }, { key: "asc" }] });
    const before = await summary();

    // The same customer priced twice from one queue read (a job that lost its lease half-way, and the next one).
    await db.prisma.billingRefreshQueue.create({ data: { customerId: customer.id } });
    const batch = await nextRefreshBatch(db.prisma, 10);
    await refreshCustomers(db.prisma, batch, NOW);
    await refreshCustomers(db.prisma, batch, NOW);
    expect(await summary()).toEqual(before);

    // A change that commits after the refresh read its queue entry leaves the customer queued.
    await db.prisma.billingRefreshQueue.create({ data: { customerId: customer.id } });
    const racing = await nextRefreshBatch(db.prisma, 10);
    await ingestEvents(ctx, events("twice-co", "twice-2", 300, [], new Date("2026-01-06T00:00:00Z")), { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    await refreshCustomers(db.prisma, racing, NOW);
    expect(await db.prisma.billingRefreshQueue.count()).toBe(0);
    await expectStoredMatchesLive(db.prisma, NOW);
  });

  it("puts the overview's counters and totals in line with the events", async () => {
    const overview = await getOverview({ db: db.prisma, actor: system }, { range: "30d" }, NOW);
    const requests = overview.usage.metrics.find((m) => m.name === "Requests")!;
    const counted = await db.prisma.usageEvent.count({ where: { eventType: "completion", customerId: { not: null }, timestamp: { gte: new Date(overview.usage.buckets[0]!), lt: NOW } } });
    expect(requests.total).toBe(String(counted));
    const [usd] = overview.revenue.creditTypes;
    expect(sum(usd!.byProduct.map((p) => fromDb(p.amount))).toFixed()).toBe(usd!.charges);
    expect(usd!.customers).toBe(await db.prisma.customerPeriodSpend.count({ where: { creditTypeId: USD_CENTS.id } }));
    expect(overview.freshness).toEqual({ asOf: NOW.toISOString(), pending: 0 });
    expect(ZERO.plus(usd!.charges).minus(usd!.applied).toFixed()).toBe(usd!.total);
  });
});

// Events are counted (and their customers queued) as soon as they are committed, not once the
// rollups hold them: a refresh prices the rollups plus the events past them, so it is exact
// either side of the rollup job, and a burst's refreshes run beside the rollups.
describeEachDatabase("stored billing state ahead of the rollups", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;
  const now = () => new Date();
  const requests = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ transaction_id: `${tag}-${i}`, customer_id: f.alias, event_type: "completion", timestamp: new Date().toISOString(), properties: { tokens: 2_000_000, model: "large" } }));
  const counted = async () => Number((await db.prisma.eventMinuteCount.aggregate({ _sum: { count: true } }))._sum.count ?? 0);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
    f = await billingFixture(ctx);
    await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString() });
  });
  afterAll(() => db.close());

  const storedTotal = async () => (await findInvoices(ctx, { customerId: f.customer.id, status: "DRAFT" })).data[0]!.total.toFixed();
  const liveTotal = async () => (await readCustomerStanding(db.prisma, f.customer.id, now(), { scheduled: true })).current[0]!.invoice.total.toFixed();

  it("counts and prices events before the rollups hold them, and the same once they do", async () => {
    await settleBillingState(db.prisma, now());
    const before = await storedTotal();
    const { seq: rolled } = await rolledUp(db.prisma);
    await ingestEvents(ctx, requests("first", 3), { now: now(), backdateDays: 34 });

    const started = now();
    const pass = await billingStatePass(db.prisma, now);
    expect(pass.refreshed).toBe(1);
    expect(await counted()).toBe(3);
    // Not rolled up, yet priced exactly, and settled as of the pass.
    expect((await rolledUp(db.prisma)).seq).toBe(rolled);
    expect(Number(await storedTotal()) - Number(before)).toBe(3 * 2000);
    expect(await storedTotal()).toBe(await liveTotal());
    expect(new Date((await readFreshness(db.prisma)).asOf!) >= started).toBe(true);

    // Rolling them up changes no figure and queues nobody.
    await rollUpAll(db.prisma);
    expect((await rolledUp(db.prisma)).seq > rolled).toBe(true);
    const after = await billingStatePass(db.prisma, now);
    expect(after.refreshed).toBe(0);
    expect(await counted()).toBe(3);
    expect(await storedTotal()).toBe(await liveTotal());

    await ingestEvents(ctx, requests("second", 2), { now: now(), backdateDays: 34 });
    await settleBillingState(db.prisma, now());
    expect(await counted()).toBe(5);
    expect(await storedTotal()).toBe(await liveTotal());
  });
});

// A job killed at random points (SIGKILL: a transaction may be cut mid-way) while usage keeps
// arriving, then settled: nothing is lost and nothing is counted twice. PostgreSQL only — the
// killed process and this one share the database, which PGlite (one process's) cannot.
describe.runIf(process.env.TEST_DATABASE_URL)("stored billing state, killed mid-refresh", () => {
  let database: Database;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ url, drop } = await freshPostgresUrl());
    database = await openPostgres(url);
    await bootstrap(database.prisma, {});
    await closeScenario(database.prisma);
  });
  afterAll(async () => {
    await database.prisma.$disconnect();
    await drop();
  });

  function killedRefresh(afterMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join("node_modules", ".bin", "tsx"), ["lib/test-support/billing-state-loop.ts", url, CLOSE_AT.toISOString()], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        if (output.includes("ready")) setTimeout(() => child.kill("SIGKILL"), afterMs).unref();
      });
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`The refresh loop exited by itself (${code}):\n${output}`))));
    });
  }

  it("ends exactly where an uninterrupted refresh does", async () => {
    const ctx: ServiceContext = { db: database.prisma, actor: system };
    for (let kill = 0; kill < 5; kill++) {
      await killedRefresh(50 + Math.floor(Math.random() * 600));
      const events = Array.from({ length: 40 }, (_, i) => ({ transaction_id: `late-${kill}-${i}`, customer_id: `customer-${i % 5}`, event_type: "api_call", timestamp: "2026-03-15T11:00:00Z" }));
      await ingestEvents(ctx, events, { now: CLOSE_AT, backdateDays: 400 });
    }
    await settleBillingState(database.prisma, CLOSE_AT);
    await expectStoredMatchesLive(database.prisma, CLOSE_AT);
    const minutes = await database.prisma.eventMinuteCount.aggregate({ _sum: { count: true }, where: { minute: { gte: new Date(CLOSE_AT.getTime() - 2 * 86_400_000) } } });
    const direct = await database.prisma.usageEvent.count({ where: { timestamp: { gte: new Date(CLOSE_AT.getTime() - 2 * 86_400_000) } } });
    expect(Number(minutes._sum.count ?? 0)).toBe(direct);
  }, 180_000);
});
