import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { UserRole } from "@/lib/db/generated/enums";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { insertEvents, type NewEvent } from "@/lib/metering/insert-events";
import { archiveBillableMetric } from "@/lib/services/billable-metrics/archive-billable-metric";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import { getBillableMetric } from "@/lib/services/billable-metrics/get-billable-metric";
import { listBillableMetrics } from "@/lib/services/billable-metrics/list-billable-metrics";
import { listMetricProducts } from "@/lib/services/billable-metrics/list-metric-products";
import { PREVIEW_EVENT_LIMIT, PREVIEW_GROUP_ROWS, previewBillableMetric } from "@/lib/services/billable-metrics/preview-billable-metric";
import type { TCreateBillableMetric } from "@/lib/services/billable-metrics/schemas";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { createProduct } from "@/lib/services/products/create-product";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";

const system: Actor = { type: "system", name: "test" };
const user = (role: UserRole): Actor => ({ type: "user", id: randomUUID(), name: `${role} user`, role });

async function snapshot(db: Database) {
  const [metrics, audit, catalog] = await Promise.all([
    db.prisma.billableMetric.findMany({ orderBy: { id: "asc" } }),
    db.prisma.auditLogEntry.count(),
    db.prisma.meteringCatalog.findMany(),
  ]);
  return { metrics, audit, catalog };
}

const TOKENS: TCreateBillableMetric = {
  name: "Tokens",
  event_type_filter: { in_values: ["completion"] },
  property_filters: [{ name: "tokens", exists: true }, { name: "region", not_in_values: ["test"] }],
  aggregation_type: "SUM",
  aggregation_key: "tokens",
  group_keys: [["model"], ["model", "region"]],
  custom_fields: { team: "inference" },
};

describeEachDatabase("billable metrics", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
  });
  afterAll(() => db.close());

  describe("create", () => {
    it("stores the definition, leaves earlier events to the backfill, and audits it", async () => {
      const inserted = await insertEvents(
        db.prisma,
        [1, 2, 3].map((i) => ({ transactionId: `before-${i}`, customerAlias: "a", customerId: null, eventType: "completion", timestamp: new Date(), properties: {} })),
      );
      expect(inserted).toBe(3);
      // Rolled up before the metric exists: the new metric's backfill owes exactly these.
      await rollUpAll(db.prisma);
      const [{ max } = { max: 0n }] = await db.prisma.$queryRawUnsafe<{ max: bigint }[]>("SELECT max(seq) AS max FROM usage_event");

      const metric = await createBillableMetric({ db: db.prisma, actor: user("pricing") }, TOKENS);
      expect(metric).toMatchObject({
        name: "Tokens",
        aggregationType: "SUM",
        aggregationKey: "tokens",
        eventTypeFilter: { inValues: ["completion"] },
        propertyFilters: [{ name: "tokens", exists: true }, { name: "region", notInValues: ["test"] }],
        groupKeys: [["model"], ["model", "region"]],
        customFields: { team: "inference" },
        archivedAt: null,
        backfill: { done: 0n, through: max, ready: false },
      });
      const row = await db.prisma.billableMetric.findUniqueOrThrow({ where: { id: metric.id } });
      expect(row).toMatchObject({
        eventTypeFilter: { in_values: ["completion"] },
        propertyFilters: [{ name: "tokens", exists: true }, { name: "region", not_in_values: ["test"] }],
        backfillThroughSeq: max,
        backfilledSeq: 0n,
      });
      const entry = await db.prisma.auditLogEntry.findFirst({ where: { objectId: metric.id } });
      expect(entry).toMatchObject({ action: "billable_metric.create", objectType: "billable_metric", actorName: "pricing user" });
      expect(entry!.after).toMatchObject({ name: "Tokens", backfill: { through: String(max), done: "0" } });
      expect(await getBillableMetric(ctx, metric.id)).toEqual(metric);
    });

    it("lists the products that bill with a metric, current users first", async () => {
      const metric = await createBillableMetric(ctx, { name: "Seconds", aggregation_type: "COUNT" });
      expect(await listMetricProducts(ctx, metric.id)).toEqual([]);
      const product = await createProduct(ctx, { name: "Compute seconds", type: "USAGE", billable_metric_id: metric.id });
      expect(await listMetricProducts(ctx, metric.id)).toEqual([{ id: product.id, name: "Compute seconds", archived: false, current: true }]);
    });

    it("takes the aggregation type in lower case, and nulls as absent", async () => {
      const metric = await createBillableMetric(ctx, {
        name: "Peak",
        aggregation_type: "max" as never,
        aggregation_key: "gb",
        property_filters: [{ name: "gb", exists: null, in_values: null, not_in_values: ["0"] }],
        event_type_filter: null,
      });
      expect(metric).toMatchObject({ aggregationType: "MAX", propertyFilters: [{ name: "gb", notInValues: ["0"] }], eventTypeFilter: undefined });
      expect((await db.prisma.billableMetric.findUniqueOrThrow({ where: { id: metric.id } })).propertyFilters).toEqual([{ name: "gb", not_in_values: ["0"] }]);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ["a missing name and aggregation type", { name: "" }, ["aggregation_type", "name"]],
      ["an unknown aggregation type", { name: "x", aggregation_type: "AVG" }, ["aggregation_type"]],
      ["SUM without a key", { name: "x", aggregation_type: "SUM" }, ["aggregation_key"]],
      ["a key that no property filter names", { name: "x", aggregation_type: "SUM", aggregation_key: "tokens" }, ["aggregation_key"]],
      ["COUNT with a key", { name: "x", aggregation_type: "COUNT", aggregation_key: "id", property_filters: [{ name: "id" }] }, ["aggregation_key"]],
      ["empty value lists", { name: "x", aggregation_type: "COUNT", event_type_filter: { in_values: [] }, property_filters: [{ name: "a", not_in_values: [] }] }, ["event_type_filter.in_values", "property_filters.0.not_in_values"]],
      ["an empty event type filter", { name: "x", aggregation_type: "COUNT", event_type_filter: {} }, ["event_type_filter"]],
      ["values on an absent property", { name: "x", aggregation_type: "COUNT", property_filters: [{ name: "a", exists: false, in_values: ["1"] }] }, ["property_filters.0.exists"]],
      ["the same property filtered twice", { name: "x", aggregation_type: "COUNT", property_filters: [{ name: "a" }, { name: "a", exists: true }] }, ["property_filters.1.name"]],
      ["an empty group key", { name: "x", aggregation_type: "COUNT", group_keys: [[]] }, ["group_keys.0"]],
      ["SQL", { name: "x", sql: "select 1" }, ["aggregation_type", "sql"]],
    ])("rejects %s with 400 naming the fields, and changes nothing", async (_case, input, fields) => {
      const before = await snapshot(db);
      const error = await refusal(createBillableMetric(ctx, input as never));
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(fields);
      expect(await snapshot(db)).toEqual(before);
    });

    it("refuses roles without pricing:write with 403, and changes nothing", async () => {
      const metric = await createBillableMetric(ctx, { name: "Guarded", aggregation_type: "COUNT" });
      const before = await snapshot(db);
      for (const role of ["viewer", "sales", "finance"] as const) {
        const as = { db: db.prisma, actor: user(role) };
        expect((await refusal(createBillableMetric(as, TOKENS))).status).toBe(403);
        expect((await refusal(archiveBillableMetric(as, { id: metric.id }))).status).toBe(403);
      }
      expect(await snapshot(db)).toEqual(before);
    });
  });

  describe("archive", () => {
    it("archives once, as a catalog change, and keeps the metric readable", async () => {
      const metric = await createBillableMetric(ctx, { name: "Retired", aggregation_type: "COUNT" });
      const archived = await archiveBillableMetric(ctx, { id: metric.id });
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect(await archiveBillableMetric(ctx, { id: metric.id })).toEqual(archived);
      expect(await db.prisma.auditLogEntry.count({ where: { objectId: metric.id, action: "billable_metric.archive" } })).toBe(1);
      expect((await getBillableMetric(ctx, metric.id)).archivedAt).toEqual(archived.archivedAt);
    });

    it("answers unknown or malformed ids with 404, and a bad body with 400", async () => {
      expect((await refusal(getBillableMetric(ctx, randomUUID()))).status).toBe(404);
      expect((await refusal(getBillableMetric(ctx, "x"))).status).toBe(404);
      expect((await refusal(archiveBillableMetric(ctx, { id: randomUUID() }))).status).toBe(404);
      expect((await refusal(archiveBillableMetric(ctx, {} as never))).fields).toHaveProperty("id");
    });
  });

  it("lists live metrics in pages, archived ones on request, searchable and sortable by name", async () => {
    const seen = [];
    let next_page: string | undefined;
    do {
      const page = await listBillableMetrics(ctx, { limit: 2, next_page });
      seen.push(...page.data);
      next_page = page.next_page ?? undefined;
    } while (next_page);
    const live = await db.prisma.billableMetric.findMany({ where: { archivedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(seen.map((m) => m.id)).toEqual(live.map((m) => m.id));
    expect((await listBillableMetrics(ctx, { limit: 100 })).data.map((m) => m.name)).not.toContain("Retired");
    expect((await listBillableMetrics(ctx, { limit: 100, include_archived: "true" })).data.map((m) => m.name)).toContain("Retired");
    expect((await listBillableMetrics(ctx, { search: "TOK" })).data.map((m) => m.name)).toEqual(["Tokens"]);
    const byName = (await listBillableMetrics(ctx, { sort: "name", order: "desc", limit: 100 })).data.map((m) => m.name);
    expect(byName).toEqual([...byName].sort().reverse());
  });

  describe("preview", () => {
    const now = new Date();
    const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    let northwind: string;
    let helios: string;

    beforeAll(async () => {
      northwind = (await createCustomer(ctx, { name: "Northwind", ingest_aliases: ["nw"] })).id;
      helios = (await createCustomer(ctx, { name: "Helios", ingest_aliases: ["he"] })).id;
      const event = (id: string, customerId: string | null, hoursAgo: number, properties: Record<string, unknown>, eventType = "completion"): NewEvent => ({
        transactionId: `preview-${id}`,
        customerAlias: customerId ?? "stray",
        customerId,
        eventType,
        timestamp: ago(hoursAgo),
        properties,
      });
      await insertEvents(db.prisma, [
        event("1", northwind, 1, { tokens: 100, model: "large" }),
        event("2", northwind, 2, { tokens: "50", model: "mini" }),
        event("3", helios, 3, { tokens: 25, model: "large", region: "eu" }),
        event("4", helios, 4, { tokens: "lots", model: "large" }),
        event("5", helios, 5, { tokens: 7, model: "large", region: "test" }),
        event("6", helios, 24 * 8, { tokens: 1000, model: "large" }),
        event("7", null, 1, { tokens: 1000, model: "large" }),
        event("8", northwind, 1, { tokens: 1000, model: "large" }, "embedding"),
      ]);
    });

    it("aggregates the last seven days of attributed events by each group key, skipping unreadable events", async () => {
      const preview = await previewBillableMetric(ctx, TOKENS, now);
      expect(preview).toMatchObject({ customer: null, eventsRead: 5, capped: false, eventsSkipped: 1 });
      expect(preview.total?.toFixed()).toBe("175");
      const groups = preview.groups.map((g) => ({ keys: g.keys, rows: g.rows.map((r) => JSON.stringify([r.groupValues, r.quantity.toFixed()])).sort() }));
      expect(groups).toEqual([
        { keys: ["model"], rows: ['[{"model":"large"},"125"]', '[{"model":"mini"},"50"]'] },
        {
          keys: ["model", "region"],
          rows: ['[{"model":"large","region":"eu"},"25"]', '[{"model":"large","region":null},"100"]', '[{"model":"mini","region":null},"50"]'],
        },
      ]);
    });

    it("previews one customer, and says when nothing counts", async () => {
      const one = await previewBillableMetric(ctx, { ...TOKENS, customer_id: helios }, now);
      expect(one).toMatchObject({ customer: { id: helios, name: "Helios" }, eventsRead: 3, eventsSkipped: 1 });
      expect(one.total?.toFixed()).toBe("25");
      const none = await previewBillableMetric(ctx, { aggregation_type: "MAX", aggregation_key: "gb", property_filters: [{ name: "gb" }], customer_id: northwind }, now);
      expect(none.total).toBeNull();
      const count = await previewBillableMetric(ctx, { aggregation_type: "COUNT", event_type_filter: { not_in_values: ["completion"] } }, now);
      expect(count.total?.toFixed()).toBe("1");
    });

    it("refuses an invalid draft with 400 and an unknown customer with 404", async () => {
      expect((await refusal(previewBillableMetric(ctx, { aggregation_type: "SUM" }, now))).fields).toHaveProperty("aggregation_key");
      expect((await refusal(previewBillableMetric(ctx, { aggregation_type: "COUNT", customer_id: randomUUID() }, now))).status).toBe(404);
    });

    it(`reads at most the newest ${PREVIEW_EVENT_LIMIT} events, and says so`, async () => {
      const bulk = Array.from({ length: PREVIEW_EVENT_LIMIT + 5 }, (_, i): NewEvent => ({
        transactionId: `bulk-${i}`,
        customerAlias: "nw",
        customerId: northwind,
        eventType: "bulk",
        timestamp: new Date(now.getTime() - 1000 - i),
        properties: {},
      }));
      await insertEvents(db.prisma, bulk);
      const preview = await previewBillableMetric(ctx, { aggregation_type: "COUNT", event_type_filter: { in_values: ["bulk"] } }, now);
      expect(preview).toMatchObject({ eventsRead: PREVIEW_EVENT_LIMIT, capped: true });
      expect(preview.total?.toFixed()).toBe(String(PREVIEW_EVENT_LIMIT));
    });

    it(`returns at most ${PREVIEW_GROUP_ROWS} groups per group key, and how many there are`, async () => {
      const many = Array.from({ length: 300 }, (_, i): NewEvent => ({
        transactionId: `grouped-${i}`,
        customerAlias: "nw",
        customerId: northwind,
        eventType: "grouped",
        timestamp: new Date(now.getTime() - 1000 - i),
        properties: { user: `u${i}` },
      }));
      await insertEvents(db.prisma, many);
      const preview = await previewBillableMetric(ctx, { aggregation_type: "COUNT", event_type_filter: { in_values: ["grouped"] }, group_keys: [["user"]] }, now);
      expect(preview.groups).toHaveLength(1);
      expect(preview.groups[0]!.rows).toHaveLength(PREVIEW_GROUP_ROWS);
      expect(preview.groups[0]!.count).toBe(300);
    });
  });
});
