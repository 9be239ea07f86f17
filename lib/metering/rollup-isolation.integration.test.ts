import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { backfillStep } from "@/lib/metering/backfill";
import { changeCatalog } from "@/lib/metering/catalog";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import { systemActor, type ServiceContext } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

// One metric whose rollup fails never stops the others: a SUM metric meets a value its rollup
// column cannot hold (numeric(65, 30)), and the COUNT metric beside it, the alias assignment
// of a new customer and the job itself carry on, while the failing metric says why and keeps
// its events waiting in its backfill range. A metric wider than PostgreSQL's 100 function
// arguments (one from before today's limits) rolls up.

const NOW = new Date();
const OPTIONS = { now: NOW, backdateDays: 34 };
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
const event = (id: string, customer: string, tokens: unknown, props: Record<string, unknown> = {}) => ({
  transaction_id: id,
  customer_id: customer,
  event_type: "call",
  timestamp: at(30),
  properties: { tokens, ...props },
});

describeEachDatabase("rollup isolation", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  const ids = { tokens: "", calls: "", wide: "" };

  const metric = (id: string) =>
    db.prisma.billableMetric.findUniqueOrThrow({ where: { id }, select: { rollupError: true, rollupFailedAt: true, backfilledSeq: true, backfillThroughSeq: true } });
  const counted = async (id: string) =>
    (await db.prisma.usageRollup.findMany({ where: { metricId: id }, select: { eventCount: true } })).reduce((n, r) => n + Number(r.eventCount), 0);

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: systemActor() };
    ids.tokens = (await createBillableMetric(ctx, { name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", property_filters: [{ name: "tokens", exists: true }] })).id;
    ids.calls = (await createBillableMetric(ctx, { name: "Calls", aggregation_type: "COUNT" })).id;
    // 51 properties in groups of 20, all required to exist: more than the service now accepts.
    const names = Array.from({ length: 51 }, (_, i) => `p${i}`);
    ids.wide = await db.prisma.$transaction(async (tx) => {
      const { lastSeq } = await changeCatalog(tx);
      const row = await tx.billableMetric.create({
        data: {
          name: "Wide",
          aggregationType: "COUNT",
          propertyFilters: names.map((name) => ({ name, exists: true })),
          groupKeys: [names.slice(0, 20), names.slice(20, 40), names.slice(40)],
          backfillThroughSeq: lastSeq,
          backfilledSeq: lastSeq,
        },
      });
      return row.id;
    });
    await createCustomer(ctx, { name: "Acme", ingest_aliases: ["acme"] });
  }, 120_000);
  afterAll(() => db?.close());

  it("rolls up the other metrics when one fails, and records why on the failing one", async () => {
    const wideProps = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, `v${i}`]));
    await ingestEvents(ctx, [event("a-1", "acme", 5), event("a-2", "acme", 1e40), event("a-3", "acme", 7, wideProps)], OPTIONS);
    await rollUpAll(db.prisma);
    expect(await counted(ids.calls)).toBe(3);
    expect(await counted(ids.wide)).toBe(1);
    expect(await counted(ids.tokens)).toBe(0);
    const failing = await metric(ids.tokens);
    expect(failing.rollupError).toMatch(/overflow/i);
    expect(failing.rollupFailedAt).toBeInstanceOf(Date);
    expect(failing).toMatchObject({ backfilledSeq: 0n, backfillThroughSeq: 3n });
    expect((await metric(ids.calls)).rollupError).toBeNull();
  });

  it("keeps the failing metric's later events waiting with the rest, and carries on", async () => {
    await ingestEvents(ctx, [event("a-4", "acme", 1)], OPTIONS);
    await rollUpAll(db.prisma);
    expect(await counted(ids.calls)).toBe(4);
    expect(await metric(ids.tokens)).toMatchObject({ backfilledSeq: 0n, backfillThroughSeq: 4n });
    // The backfill tries the range, fails on the same event, and says there is nothing else to do.
    await db.prisma.billableMetric.update({ where: { id: ids.tokens }, data: { rollupFailedAt: new Date(Date.now() - 3600_000) } });
    expect(await backfillStep(db.prisma)).toBe(false);
    const after = await metric(ids.tokens);
    expect(after.rollupError).toMatch(/overflow/i);
    expect(after.rollupFailedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(after.backfilledSeq).toBe(0n);
  });

  it("assigns ingest aliases with a failing metric, and counts the new customer's events for the others", async () => {
    await ingestEvents(ctx, [event("b-1", "bolt", 1e40), event("b-2", "bolt", 2)], OPTIONS);
    await rollUpAll(db.prisma);
    const bolt = await createCustomer(ctx, { name: "Bolt", ingest_aliases: ["bolt"] });
    expect(bolt.ingestAliases).toEqual(["bolt"]);
    expect(await counted(ids.calls)).toBe(6);
  });

  it("is healthy again once its backfill range rolls up", async () => {
    // The poison events' value is corrected in place (what an operator would do), and the backfill catches up.
    await db.prisma.$executeRawUnsafe(`UPDATE usage_event SET properties = '{"tokens": 1}'::jsonb WHERE (properties -> 'tokens')::numeric > 1e30`);
    await db.prisma.billableMetric.update({ where: { id: ids.tokens }, data: { rollupFailedAt: new Date(Date.now() - 3600_000) } });
    while (await backfillStep(db.prisma));
    expect(await metric(ids.tokens)).toMatchObject({ rollupError: null, rollupFailedAt: null, backfilledSeq: 6n, backfillThroughSeq: 6n });
    await ingestEvents(ctx, [event("a-5", "acme", 1)], OPTIONS);
    await rollUpAll(db.prisma);
    expect(await counted(ids.tokens)).toBe(7);
  });
});
