import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { UserRole } from "@/lib/db/generated/enums";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { insertEvents } from "@/lib/metering/insert-events";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { listCustomerBillableMetrics } from "@/lib/services/customers/list-customer-billable-metrics";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { setCustomerName } from "@/lib/services/customers/set-customer-name";
import { setIngestAliases } from "@/lib/services/customers/set-ingest-aliases";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";

const system: Actor = { type: "system", name: "test" };
const user = (role: UserRole): Actor => ({ type: "user", id: randomUUID(), name: `${role} user`, role });

/** Everything a customer operation may write, to show that a refused one wrote nothing. */
async function snapshot(db: Database) {
  const [customers, aliases, providers, audit, catalog, events] = await Promise.all([
    db.prisma.customer.findMany({ orderBy: { id: "asc" } }),
    db.prisma.customerAlias.findMany({ orderBy: { alias: "asc" } }),
    db.prisma.billingProvider.findMany({ orderBy: { id: "asc" } }),
    db.prisma.auditLogEntry.count(),
    db.prisma.meteringCatalog.findMany(),
    db.prisma.usageEvent.findMany({ select: { transactionId: true, customerId: true }, orderBy: { transactionId: "asc" } }),
  ]);
  return { customers, aliases, providers, audit, catalog, events };
}

describeEachDatabase("customers", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
  });
  afterAll(() => db.close());

  describe("create", () => {
    it("creates a customer whose external_id is one of its aliases, keeps a Stripe id, and audits it", async () => {
      const customer = await createCustomer(ctx, {
        name: "Acme",
        external_id: "acme-ext",
        ingest_aliases: ["acme-prod", "acme-ext", "acme-prod"],
        custom_fields: { region: "eu" },
        customer_billing_provider_configurations: [
          { billing_provider: "stripe", delivery_method: "direct_to_billing_provider", configuration: { stripe_customer_id: "cus_123" } },
        ] as never,
      });
      expect(customer).toMatchObject({ name: "Acme", externalId: "acme-ext", ingestAliases: ["acme-ext", "acme-prod"], customFields: { region: "eu" }, archivedAt: null });
      expect(await db.prisma.billingProvider.findMany({ where: { customerId: customer.id }, select: { provider: true, externalId: true } })).toEqual([
        { provider: "stripe", externalId: "cus_123" },
      ]);
      const [entry] = await db.prisma.auditLogEntry.findMany({ where: { objectId: customer.id } });
      expect(entry).toMatchObject({ action: "customer.create", objectType: "customer", customerId: customer.id, actorName: "test" });
      expect(entry!.after).toMatchObject({ name: "Acme", ingestAliases: ["acme-ext", "acme-prod"], stripeCustomerId: "cus_123" });
      expect(await getCustomer(ctx, customer.id)).toEqual(customer);
    });

    it("truncates a long name to 160 characters, as Metronome does", async () => {
      const customer = await createCustomer(ctx, { name: "n".repeat(200) });
      expect(customer.name).toHaveLength(160);
    });

    it("rejects invalid input with 400 naming each field, and changes nothing", async () => {
      const before = await snapshot(db);
      const error = await refusal(createCustomer(ctx, { name: " ", ingest_aliases: ["ok", "  "], custom_fields: { tier: 3 } } as never));
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields ?? {}).sort()).toEqual(["custom_fields.tier", "ingest_aliases.1", "name"]);
      expect((await refusal(createCustomer(ctx, {} as never))).fields).toHaveProperty("name");
      expect(await snapshot(db)).toEqual(before);
    });

    it("refuses roles without customers:write with 403, and changes nothing", async () => {
      const existing = await createCustomer(ctx, { name: "Guarded", ingest_aliases: ["guarded"] });
      const before = await snapshot(db);
      for (const role of ["viewer", "pricing", "finance"] as const) {
        const as = { db: db.prisma, actor: user(role) };
        expect((await refusal(createCustomer(as, { name: "Sneaky" }))).status).toBe(403);
        expect((await refusal(setCustomerName(as, existing.id, { name: "Renamed" }))).status).toBe(403);
        expect((await refusal(setIngestAliases(as, existing.id, { ingest_aliases: [] }))).status).toBe(403);
        expect((await refusal(archiveCustomer(as, { id: existing.id }))).status).toBe(403);
      }
      expect(await snapshot(db)).toEqual(before);
      await createCustomer({ db: db.prisma, actor: user("sales") }, { name: "By sales" });
    });
  });

  describe("ingest aliases", () => {
    it("refuses an alias another customer holds (as alias, external id or id) with 409 naming it, and changes nothing", async () => {
      const holder = await createCustomer(ctx, { name: "Holder", ingest_aliases: ["taken"] });
      const other = await createCustomer(ctx, { name: "Other", ingest_aliases: ["mine"] });
      const before = await snapshot(db);
      const onCreate = await refusal(createCustomer(ctx, { name: "Late", ingest_aliases: ["fresh", "taken"] }));
      expect(onCreate.status).toBe(409);
      expect(onCreate.message).toContain("“taken” is used by customer Holder");
      expect(onCreate.message).toContain(holder.id);
      expect((await refusal(createCustomer(ctx, { name: "Late", external_id: "taken" }))).status).toBe(409);
      const onSet = await refusal(setIngestAliases(ctx, other.id, { ingest_aliases: ["mine", "taken"] }));
      expect(onSet.status).toBe(409);
      expect(onSet.fields).toEqual({ ingest_aliases: "“taken” is already in use" });
      expect((await refusal(setIngestAliases(ctx, other.id, { ingest_aliases: [holder.id] }))).message).toContain(`“${holder.id}” is used by customer Holder`);
      expect(await snapshot(db)).toEqual(before);
    });

    it("replaces the whole list, is idempotent, and frees removed aliases for others", async () => {
      const first = await createCustomer(ctx, { name: "First", external_id: "first-ext", ingest_aliases: ["first-a"] });
      const updated = await setIngestAliases(ctx, first.id, { ingest_aliases: ["first-b", "first-a"] });
      expect(updated.ingestAliases).toEqual(["first-a", "first-b"]);
      // first-ext was dropped, so it is no longer the customer's external id either.
      expect(updated.externalId).toBeNull();

      const audits = await db.prisma.auditLogEntry.count({ where: { objectId: first.id } });
      expect(await setIngestAliases(ctx, first.id, { ingest_aliases: ["first-a", "first-b"] })).toEqual(updated);
      expect(await db.prisma.auditLogEntry.count({ where: { objectId: first.id } })).toBe(audits);

      const second = await createCustomer(ctx, { name: "Second", ingest_aliases: ["first-ext"] });
      expect(second.ingestAliases).toEqual(["first-ext"]);
      const [entry] = await db.prisma.auditLogEntry.findMany({ where: { objectId: first.id, action: "customer.set_ingest_aliases" } });
      expect(entry).toMatchObject({ before: { ingestAliases: ["first-a", "first-ext"] }, after: { ingestAliases: ["first-a", "first-b"], attributedEvents: 0 } });
    });

    it("gives a customer the events sent earlier under its new aliases, and rolls them up", async () => {
      await createBillableMetric(ctx, { name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } });
      const now = Date.now();
      const events = (alias: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({
          transactionId: `${alias}-${i}`,
          customerAlias: alias,
          customerId: null,
          eventType: "call",
          timestamp: new Date(now - i * 60_000),
          properties: {},
        }));
      await insertEvents(db.prisma, [...events("early-bird", 3), ...events("later-bird", 2), ...events("nobody", 1)]);

      const customer = await createCustomer(ctx, { name: "Birds", ingest_aliases: ["early-bird"] });
      const attributed = async (alias: string) => db.prisma.usageEvent.count({ where: { customerAlias: alias, customerId: customer.id } });
      expect(await attributed("early-bird")).toBe(3);
      expect(await attributed("later-bird")).toBe(0);

      await setIngestAliases(ctx, customer.id, { ingest_aliases: ["early-bird", "later-bird"] });
      expect(await attributed("later-bird")).toBe(2);
      expect(await db.prisma.usageEvent.count({ where: { customerAlias: "nobody", customerId: null } })).toBe(1);
      await rollUpAll(db.prisma);
      const rollups = await db.prisma.usageRollup.aggregate({ where: { customerId: customer.id }, _sum: { eventCount: true } });
      expect(rollups._sum.eventCount).toBe(5n);
      const entry = await db.prisma.auditLogEntry.findFirst({ where: { objectId: customer.id, action: "customer.set_ingest_aliases" } });
      expect(entry?.after).toMatchObject({ attributedEvents: 2 });
    });
  });

  describe("archive", () => {
    it("archives once, frees the aliases in the same change, and keeps the customer readable", async () => {
      const customer = await createCustomer(ctx, { name: "Leaving", external_id: "leaving-ext", ingest_aliases: ["leaving"] });
      const archived = await archiveCustomer(ctx, { id: customer.id });
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect(archived.ingestAliases).toEqual([]);
      expect(await db.prisma.customerAlias.count({ where: { customerId: customer.id } })).toBe(0);
      expect(await archiveCustomer(ctx, { id: customer.id })).toEqual(archived);
      const entries = await db.prisma.auditLogEntry.findMany({ where: { objectId: customer.id, action: "customer.archive" } });
      expect(entries).toHaveLength(1);
      expect(entries[0]!.before).toMatchObject({ ingestAliases: ["leaving", "leaving-ext"], externalId: "leaving-ext" });

      const successor = await createCustomer(ctx, { name: "Successor", external_id: "leaving-ext", ingest_aliases: ["leaving"] });
      expect(successor.ingestAliases).toEqual(["leaving", "leaving-ext"]);
      const refused = await refusal(setIngestAliases(ctx, customer.id, { ingest_aliases: ["again"] }));
      expect(refused.status).toBe(409);
    });

    it("answers unknown or malformed ids with 404 and bad bodies with 400", async () => {
      expect((await refusal(getCustomer(ctx, randomUUID()))).status).toBe(404);
      expect((await refusal(getCustomer(ctx, "not-a-uuid"))).status).toBe(404);
      expect((await refusal(setCustomerName(ctx, "not-a-uuid", { name: "x" }))).status).toBe(404);
      expect((await refusal(archiveCustomer(ctx, { id: randomUUID() }))).status).toBe(404);
      expect((await refusal(archiveCustomer(ctx, { id: "nope" }))).fields).toHaveProperty("id");
    });
  });

  it("renames, and audits the old and new name", async () => {
    const customer = await createCustomer(ctx, { name: "Old name" });
    const renamed = await setCustomerName(ctx, customer.id, { name: "  New name  " });
    expect(renamed.name).toBe("New name");
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(customer.updatedAt.getTime());
    const entry = await db.prisma.auditLogEntry.findFirst({ where: { objectId: customer.id, action: "customer.set_name" } });
    expect(entry).toMatchObject({ before: { name: "Old name" }, after: { name: "New name" } });
  });

  describe("list", () => {
    let ids: string[];
    beforeAll(async () => {
      ids = [];
      for (const name of ["Zeta list", "Alpha list", "Mu list"]) ids.push((await createCustomer(ctx, { name, ingest_aliases: [`${name.split(" ")[0]!.toLowerCase()}-alias`] })).id);
    });

    it("pages through every live customer in creation order without repeats", async () => {
      const all = [];
      let next_page: string | undefined;
      do {
        const page = await listCustomers(ctx, { limit: 2, next_page });
        expect(page.data.length).toBeLessThanOrEqual(2);
        all.push(...page.data);
        next_page = page.next_page ?? undefined;
      } while (next_page);
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
      expect(all.map((c) => c.id)).toEqual(
        (await db.prisma.customer.findMany({ where: { archivedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })).map((c) => c.id),
      );
      expect(all.every((c) => c.archivedAt === null)).toBe(true);
    });

    it("filters by ids, alias, archived state and search, and sorts by name", async () => {
      expect((await listCustomers(ctx, { customer_ids: [ids[0]!, ids[2]!] })).data.map((c) => c.name).sort()).toEqual(["Mu list", "Zeta list"]);
      expect((await listCustomers(ctx, { ingest_alias: "alpha-alias" })).data.map((c) => c.name)).toEqual(["Alpha list"]);
      expect((await listCustomers(ctx, { only_archived: "true" })).data.map((c) => c.name)).toContain("Leaving");
      expect((await listCustomers(ctx, { search: "MU-AL" })).data.map((c) => c.name)).toEqual(["Mu list"]);
      expect((await listCustomers(ctx, { search: " list", sort: "name", order: "desc" })).data.map((c) => c.name)).toEqual(["Zeta list", "Mu list", "Alpha list"]);
      const firstByName = await listCustomers(ctx, { search: "list", sort: "name", limit: 1 });
      const secondByName = await listCustomers(ctx, { search: "list", sort: "name", limit: 1, next_page: firstByName.next_page! });
      expect([firstByName.data[0]!.name, secondByName.data[0]!.name]).toEqual(["Alpha list", "Mu list"]);
      expect((await listCustomers(ctx, { salesforce_account_ids: ["001"] })).data).toEqual([]);
    });

    it("refuses a forged cursor or a bad filter with 400", async () => {
      expect((await refusal(listCustomers(ctx, { next_page: "garbage" }))).status).toBe(400);
      expect((await refusal(listCustomers(ctx, { next_page: Buffer.from(JSON.stringify({ k: "x", id: "y" })).toString("base64url") }))).status).toBe(400);
      expect((await refusal(listCustomers(ctx, { customer_ids: ["nope"] }))).fields).toHaveProperty("customer_ids.0");
      expect((await refusal(listCustomers(ctx, { limit: 1000 }))).fields).toHaveProperty("limit");
    });
  });

  it("lists every live metric for a customer, or only those metering its current contracts", async () => {
    const pricing = { db: db.prisma, actor: user("pricing") };
    const onPlan = await createBillableMetric(pricing, { name: "On plan", aggregation_type: "COUNT" });
    const offPlan = await createBillableMetric(pricing, { name: "Off plan", aggregation_type: "COUNT" });
    const customer = await createCustomer(ctx, { name: "Planned" });
    const start = new Date(Date.now() - 86_400_000);
    const product = await db.prisma.product.create({
      data: { type: "USAGE", versions: { create: { startingAt: start, name: "Metered", billableMetricId: onPlan.id, pricingGroupKey: [], presentationGroupKey: [], tags: [], compositeProductIds: [], compositeTags: [] } } },
    });
    const rateCard = await db.prisma.rateCard.create({ data: { name: "Card", fiatCreditTypeId: USD_CENTS.id } });
    await db.prisma.rate.create({ data: { rateCardId: rateCard.id, productId: product.id, startingAt: start, rateType: "FLAT", creditTypeId: USD_CENTS.id, price: "1" } });
    await db.prisma.contract.create({ data: { customerId: customer.id, rateCardId: rateCard.id, startingAt: start } });

    const all = await listCustomerBillableMetrics(ctx, customer.id, { limit: 100 }, new Date());
    expect(all.data.map((m) => m.id)).toEqual(expect.arrayContaining([onPlan.id, offPlan.id]));
    const current = await listCustomerBillableMetrics(ctx, customer.id, { on_current_plan: "true" }, new Date());
    expect(current.data.map((m) => m.id)).toEqual([onPlan.id]);
    const beforeContract = await listCustomerBillableMetrics(ctx, customer.id, { on_current_plan: true }, new Date(start.getTime() - 1));
    expect(beforeContract.data).toEqual([]);
    expect((await refusal(listCustomerBillableMetrics(ctx, randomUUID(), {}, new Date()))).status).toBe(404);
  });
});
