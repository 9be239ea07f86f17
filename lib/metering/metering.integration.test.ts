import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregateEvents } from "@/lib/billing/aggregation";
import type { AggregationType, UsageEvent } from "@/lib/billing/types";
import type { Database } from "@/lib/db/connection";
import { changeCatalog, lockRollups } from "@/lib/metering/catalog";
import { toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import { queryUsage, queryUsageBatch, type WindowSize } from "@/lib/metering/usage-query";
import type { ServiceContext } from "@/lib/services/context";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { attributeAliasEvents } from "@/lib/metering/attribute-events";
import { backfillAll, backfillStep } from "@/lib/metering/backfill";
import { rollUpAll, rollUpNewEvents } from "@/lib/metering/rollup-job";

const NOW = new Date("2026-03-20T12:00:00Z");
const OPTIONS = { now: NOW, backdateDays: 34 };
const HOUR = 3600_000;

// mulberry32: reproducible randomness; the seed is printed on failure through the test name.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type WireEvent = { transaction_id: string; customer_id: string; event_type: string; timestamp: string; properties: Record<string, unknown> };

function generateEvents(seed: number, customer: string, count: number): WireEvent[] {
  const rand = random(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const properties: Record<string, unknown> = {};
    if (rand() < 0.9) properties.model = pick(["large", "mini", "vision"]);
    if (rand() < 0.8) properties.region = pick(["us", "eu"]);
    const amount = pick([0, 1, 2.5, 10, 1000, "7", "0.125", "12345678901234567890.5"]);
    if (rand() < 0.95) properties.tokens = amount;
    if (rand() < 0.05) properties.tokens = pick(["lots", -3, null, { n: 1 }]);
    properties.user = `u${Math.floor(rand() * 40)}`;
    return {
      transaction_id: `${seed}-${customer}-${i}`,
      customer_id: customer,
      event_type: pick(["completion", "completion", "embedding"]),
      timestamp: new Date(NOW.getTime() - Math.floor(rand() * 72 * HOUR) - Math.floor(rand() * 1000)).toISOString(),
      properties,
    };
  });
}

const toEngineEvent = (e: WireEvent, customerId: string): UsageEvent => ({
  transactionId: e.transaction_id,
  customerId,
  eventType: e.event_type,
  timestamp: new Date(e.timestamp),
  properties: e.properties,
});

async function createMetric(db: Database, def: { name: string; aggregationType: AggregationType; aggregationKey?: string; eventTypes?: string[]; filters?: unknown[]; groupKeys?: string[][] }): Promise<MetricDefinition> {
  const row = await db.prisma.$transaction(async (tx) => {
    const { lastSeq } = await changeCatalog(tx);
    return tx.billableMetric.create({
      data: {
        name: def.name,
        aggregationType: def.aggregationType,
        aggregationKey: def.aggregationKey,
        eventTypeFilter: def.eventTypes ? { in_values: def.eventTypes } : undefined,
        propertyFilters: (def.filters ?? []) as object[],
        groupKeys: def.groupKeys ?? [],
        backfillThroughSeq: lastSeq,
        backfilledSeq: lastSeq,
      },
    });
  });
  return toMetricDefinition(row);
}

/** What the engine says events aggregate to, tolerating the values it refuses as SQL does (skipped). */
function oracle(metric: MetricDefinition, events: UsageEvent[], bucket: { startingOn: Date; endingBefore: Date }, groupBy: string[]) {
  const window = { startingAt: bucket.startingOn, endingBefore: bucket.endingBefore };
  const valid = events.filter((e) => {
    try {
      aggregateEvents(metric, [e], { startingAt: new Date(0), endingBefore: new Date(8.64e15) }, groupBy);
      return true;
    } catch {
      return false;
    }
  });
  return aggregateEvents(metric, valid, window, groupBy).map((g) => ({ groupValues: g.groupValues, value: g.quantity.toFixed() }));
}

describeEachDatabase("metering", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let customerId: string;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    const customer = await db.prisma.customer.create({ data: { name: "Acme", aliases: { create: [{ alias: "acme" }] } } });
    customerId = customer.id;
  });
  afterAll(() => db.close());

  describe("SQL aggregation over rollups agrees with the engine's in-memory aggregation", () => {
    const metrics: [string, Parameters<typeof createMetric>[1]][] = [
      ["count", { name: "count", aggregationType: "COUNT", groupKeys: [["model"], ["model", "region"]] }],
      ["sum", { name: "sum", aggregationType: "SUM", aggregationKey: "tokens", eventTypes: ["completion"], groupKeys: [["model"]] }],
      ["max", { name: "max", aggregationType: "MAX", aggregationKey: "tokens", groupKeys: [["region"]] }],
      ["latest", { name: "latest", aggregationType: "LATEST", aggregationKey: "tokens", groupKeys: [["model"]] }],
      ["unique", { name: "unique", aggregationType: "UNIQUE", aggregationKey: "user", groupKeys: [["region"]] }],
      ["filtered", { name: "filtered", aggregationType: "SUM", aggregationKey: "tokens", filters: [{ name: "model", in_values: ["large", "vision"] }, { name: "region", exists: true }] }],
      ["excluding", { name: "excluding", aggregationType: "COUNT", filters: [{ name: "model", not_in_values: ["mini"] }] }],
    ];
    const created = new Map<string, MetricDefinition>();
    let events: UsageEvent[] = [];

    beforeAll(async () => {
      for (const [key, def] of metrics) created.set(key, await createMetric(db, def));
      const wire = [...generateEvents(1, "acme", 1500), ...generateEvents(2, customerId, 700)];
      // Reads then see rollups, the tail the rollup job has not reached, and raw partial hours.
      for (let i = 0; i < wire.length; i += 400) {
        await ingestEvents(ctx, wire.slice(i, i + 400), OPTIONS);
        if (i < 1200) await rollUpNewEvents(db.prisma, 300n);
      }
      events = wire.map((e) => toEngineEvent(e, customerId));
    });

    const windows: [string, Date, Date, WindowSize][] = [
      ["aligned range by hour", new Date(NOW.getTime() - 30 * HOUR), new Date(NOW.getTime() - 20 * HOUR), "HOUR"],
      ["whole range, unaligned edges", new Date(NOW.getTime() - 71.5 * HOUR + 1234), new Date(NOW.getTime() - 0.25 * HOUR), "NONE"],
      ["by day, unaligned start", new Date(NOW.getTime() - 50.2 * HOUR), NOW, "DAY"],
      ["inside one hour", new Date(NOW.getTime() - 5.8 * HOUR), new Date(NOW.getTime() - 5.3 * HOUR), "NONE"],
    ];

    it("answers a batch of many customers' requests, each with its own customer's usage", async () => {
      // A refresh asks the same of hundreds of customers at once; those requests share one
      // aggregate over all of them, whose rows must go back to the right customer.
      const bolt = await db.prisma.customer.create({ data: { name: "Bolt", aliases: { create: [{ alias: "bolt" }] } } });
      const boltWire = generateEvents(3, "bolt", 300);
      await ingestEvents(ctx, boltWire, OPTIONS);
      await rollUpNewEvents(db.prisma, 100n);
      const boltEvents = boltWire.map((e) => toEngineEvent(e, bolt.id));
      const nobody = "00000000-0000-4000-8000-000000000000";
      let boltSeen = 0;
      for (const key of ["sum", "max", "unique"]) {
        const metric = created.get(key)!;
        for (const [, startingOn, endingBefore, windowSize] of windows) {
          const groupBy = metric.groupKeys[0] ?? [];
          const asked = [customerId, bolt.id.toUpperCase(), nobody, customerId];
          const results = await queryUsageBatch(db.prisma, asked.map((id) => ({ customerId: id, metric, startingOn, endingBefore, windowSize, groupBy })));
          const sources = [events, boltEvents, [], events];
          results.forEach((result, i) => {
            for (const bucket of result) {
              const actual = bucket.groups.map((g) => ({ groupValues: g.groupValues, value: g.value.toFixed() }));
              const sort = (xs: typeof actual) => [...xs].sort((a, b) => JSON.stringify(a.groupValues).localeCompare(JSON.stringify(b.groupValues)));
              expect(sort(actual), `${key} request ${i} ${bucket.startingOn.toISOString()}`).toEqual(sort(oracle(metric, sources[i]!, bucket, groupBy)));
            }
          });
          boltSeen += results[1]!.filter((b) => b.groups.length > 0).length;
        }
      }
      expect(boltSeen).toBeGreaterThan(0);
    });

    for (const [key] of metrics) {
      it.each(windows)(`${key}: %s`, async (_name, startingOn, endingBefore, windowSize) => {
        const metric = created.get(key)!;
        for (const groupBy of [[], ...metric.groupKeys]) {
          const result = await queryUsage(db.prisma, { customerId, metric, startingOn, endingBefore, windowSize, groupBy });
          for (const bucket of result) {
            const actual = bucket.groups.map((g) => ({ groupValues: g.groupValues, value: g.value.toFixed() }));
            const sort = (xs: typeof actual) => [...xs].sort((a, b) => JSON.stringify(a.groupValues).localeCompare(JSON.stringify(b.groupValues)));
            expect(sort(actual), `${key} ${bucket.startingOn.toISOString()} by [${groupBy}]`).toEqual(sort(oracle(metric, events, bucket, groupBy)));
          }
        }
      });
    }
  });

  it("counts each transaction_id once: within a batch, across batches and when resent", async () => {
    const metric = await createMetric(db, { name: "dedupe", aggregationType: "COUNT", eventTypes: ["dedupe"] });
    const batch = Array.from({ length: 50 }, (_, i) => ({ transaction_id: `d-${i % 40}`, customer_id: "acme", event_type: "dedupe", timestamp: "2026-03-20T10:30:00Z" }));
    expect(await ingestEvents(ctx, batch, OPTIONS)).toEqual({ received: 50, stored: 40 });
    expect(await ingestEvents(ctx, batch, OPTIONS)).toEqual({ received: 50, stored: 0 });
    const [bucket] = await queryUsage(db.prisma, { customerId, metric, startingOn: new Date("2026-03-20T00:00:00Z"), endingBefore: NOW, windowSize: "NONE" });
    expect(bucket!.groups[0]!.value.toNumber()).toBe(40);
    // Every copy not stored is recorded as its id's duplicate: d-0…d-9 came twice in the first batch and twice more in the second.
    const duplicates = await db.prisma.usageEventDuplicate.findMany({ where: { transactionId: { startsWith: "d-" } }, select: { transactionId: true, copies: true } });
    expect(Object.fromEntries(duplicates.map((d) => [d.transactionId, d.copies]))).toEqual(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`d-${i}`, i < 10 ? 3 : 1])));
  });

  it("stores nothing when the request fails after writing, and the retry stores everything once", async () => {
    const metric = await createMetric(db, { name: "atomic", aggregationType: "SUM", aggregationKey: "n", eventTypes: ["atomic"] });
    const batch = Array.from({ length: 300 }, (_, i) => ({ transaction_id: `a-${i}`, customer_id: "acme", event_type: "atomic", timestamp: "2026-03-20T09:00:00Z", properties: { n: 2 } }));
    await expect(ingestEvents(ctx, batch, { ...OPTIONS, afterWrite: () => Promise.reject(new Error("crash before commit")) })).rejects.toThrow("crash before commit");
    expect(await db.prisma.usageEvent.count({ where: { eventType: "atomic" } })).toBe(0);
    expect(await db.prisma.usageEventDuplicate.count({ where: { eventType: "atomic" } })).toBe(0);
    expect(await ingestEvents(ctx, batch, OPTIONS)).toEqual({ received: 300, stored: 300 });
    const [bucket] = await queryUsage(db.prisma, { customerId, metric, startingOn: new Date("2026-03-20T00:00:00Z"), endingBefore: NOW, windowSize: "NONE" });
    expect(bucket!.groups[0]!.value.toFixed()).toBe("600");
  });

  it("keeps events of an unknown alias and counts them once the alias is assigned", async () => {
    const metric = await createMetric(db, { name: "later", aggregationType: "COUNT", eventTypes: ["later"] });
    const batch = Array.from({ length: 25 }, (_, i) => ({ transaction_id: `l-${i}`, customer_id: "acme-staging", event_type: "later", timestamp: "2026-03-20T08:15:00Z" }));
    await ingestEvents(ctx, batch, OPTIONS);
    expect(await db.prisma.usageEvent.count({ where: { customerAlias: "acme-staging", customerId: null } })).toBe(25);
    const window = { customerId, metric, startingOn: new Date("2026-03-20T00:00:00Z"), endingBefore: NOW, windowSize: "NONE" as const };
    expect((await queryUsage(db.prisma, window))[0]!.groups).toEqual([]);
    await db.prisma.$transaction(async (tx) => {
      await tx.customerAlias.create({ data: { alias: "acme-staging", customerId } });
      expect(await attributeAliasEvents(tx, customerId, ["acme-staging"])).toBe(25);
    });
    expect((await queryUsage(db.prisma, window))[0]!.groups[0]!.value.toNumber()).toBe(25);
    await ingestEvents(ctx, [{ transaction_id: "l-late", customer_id: "acme-staging", event_type: "later", timestamp: "2026-03-20T08:20:00Z" }], OPTIONS);
    expect((await queryUsage(db.prisma, window))[0]!.groups[0]!.value.toNumber()).toBe(26);
  });

  // Ingest and the rollup job hold different locks: a long rollup must not stall the firehose.
  // (PGlite runs one transaction at a time, so this is PostgreSQL's.)
  it.runIf(kind === "postgresql")("stores events while a rollup is being written", async () => {
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const rollup = db.prisma.$transaction(
      async (tx) => {
        await lockRollups(tx);
        holding();
        await new Promise<void>((resolve) => (release = resolve));
      },
      { timeout: 60_000 },
    );
    await held;
    try {
      const event = { transaction_id: "during-rollup", customer_id: "acme", event_type: "x", timestamp: "2026-03-20T10:00:00Z" };
      const waited = new Promise((resolve) => setTimeout(() => resolve("still waiting after 10 s"), 10_000).unref());
      expect(await Promise.race([ingestEvents(ctx, [event], OPTIONS), waited])).toEqual({ received: 1, stored: 1 });
    } finally {
      release();
      await rollup;
    }
  });

  it("refuses a whole request naming each bad event's index and field, storing nothing", async () => {
    const before = await db.prisma.usageEvent.count();
    const batch = [
      { transaction_id: "ok-1", customer_id: "acme", event_type: "x", timestamp: "2026-03-20T10:00:00Z" },
      { transaction_id: "", customer_id: "acme", event_type: "x", timestamp: "2026-03-20T10:00:00Z" },
      { transaction_id: "bad-2", customer_id: "acme", event_type: "x", timestamp: "yesterday" },
      { transaction_id: "bad-3", customer_id: "acme", event_type: "x", timestamp: "2025-01-01T00:00:00Z" },
      { transaction_id: "bad-4", customer_id: "acme", event_type: "x", timestamp: "2026-03-20T10:00:00Z", properties: [1] },
    ];
    const error = await ingestEvents(ctx, batch, OPTIONS).catch((e: Error) => e);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toMatch(/\[1\]\.transaction_id: must not be empty/);
    expect((error as Error).message).toMatch(/\[2\]\.timestamp: must be an RFC 3339/);
    expect((error as Error).message).toMatch(/\[4\]\.properties: must be a JSON object/);
    expect(await db.prisma.usageEvent.count()).toBe(before);
  });
});

describeEachDatabase("backfill", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
  });
  afterAll(() => db.close());

  it("rolls up events that arrived before a metric, exactly once, while ingest goes on", async () => {
    const customer = await db.prisma.customer.create({ data: { name: "Early", aliases: { create: [{ alias: "early" }] } } });
    const wire = generateEvents(7, "early", 900);
    await ingestEvents(ctx, wire.slice(0, 600), OPTIONS);
    await rollUpAll(db.prisma);
    // Created after 600 events were rolled up: those are backfilled; the rollup job does the rest.
    const row = await db.prisma.$transaction(async (tx) => {
      const { lastSeq } = await changeCatalog(tx);
      return tx.billableMetric.create({
        data: { name: "late metric", aggregationType: "SUM", aggregationKey: "tokens", groupKeys: [["model"]], backfillThroughSeq: lastSeq },
      });
    });
    const metric = toMetricDefinition(row);
    await ingestEvents(ctx, wire.slice(600, 750), OPTIONS);
    await backfillStep(db.prisma, 100n);
    await rollUpNewEvents(db.prisma, 50n);
    await ingestEvents(ctx, wire.slice(750), OPTIONS);
    await ingestEvents(ctx, wire.slice(0, 100), OPTIONS); // resent: no effect
    await backfillAll(db.prisma);
    await rollUpAll(db.prisma);
    const status = await db.prisma.billableMetric.findUniqueOrThrow({ where: { id: metric.id } });
    expect(status.backfilledSeq).toBe(status.backfillThroughSeq);
    const window = { startingOn: new Date(NOW.getTime() - 80 * HOUR), endingBefore: NOW };
    const [bucket] = await queryUsage(db.prisma, { customerId: customer.id, metric, ...window, windowSize: "NONE", groupBy: ["model"] });
    const events = wire.map((e) => toEngineEvent(e, customer.id));
    const expected = oracle(metric, events, window, ["model"]);
    expect(bucket!.groups.map((g) => ({ groupValues: g.groupValues, value: g.value.toFixed() })).sort((a, b) => String(a.groupValues.model).localeCompare(String(b.groupValues.model)))).toEqual(
      expected.sort((a, b) => String(a.groupValues.model).localeCompare(String(b.groupValues.model))),
    );
  });
});
