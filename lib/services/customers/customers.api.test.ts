import type { Customer, CustomerCreateResponse, CustomerDetail, CustomerRetrieveResponse, CustomerSetNameResponse } from "@metronome/sdk/resources/v1/customers/customers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describeEachDatabase("customers REST API", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind);
  });
  afterAll(() => server.stop());

  it("creates a customer and returns Metronome's Customer", async () => {
    const created: CustomerCreateResponse = await server.client.v1.customers.create({
      name: "Example, Inc.",
      external_id: "example-ext",
      ingest_aliases: ["team@example.com"],
      custom_fields: { tier: "gold" },
      customer_billing_provider_configurations: [
        { billing_provider: "stripe", delivery_method: "direct_to_billing_provider", configuration: { stripe_customer_id: "cus_123", stripe_collection_method: "charge_automatically" } },
      ],
    });
    expect(created).toEqual({
      data: { id: UUID, external_id: "example-ext", ingest_aliases: ["example-ext", "team@example.com"], name: "Example, Inc.", custom_fields: { tier: "gold" } },
    });

    const retrieved: CustomerRetrieveResponse = await server.client.v1.customers.retrieve({ customer_id: created.data.id });
    expect(retrieved).toEqual({
      data: {
        id: created.data.id,
        created_at: ISO,
        updated_at: ISO,
        archived_at: null,
        external_id: "example-ext",
        ingest_aliases: ["example-ext", "team@example.com"],
        name: "Example, Inc.",
        custom_fields: { tier: "gold" },
        customer_config: { salesforce_account_id: null },
        current_billable_status: { value: "billable", effective_at: ISO },
      } satisfies CustomerDetail,
    });
  });

  it("uses the first alias, else the id, as external_id when none was given", async () => {
    const bare = await server.client.v1.customers.create({ name: "Bare" });
    expect(bare.data).toEqual({ id: UUID, external_id: bare.data.id, ingest_aliases: [], name: "Bare", custom_fields: {} });
    const aliased = await server.client.v1.customers.create({ name: "Aliased", ingest_aliases: ["b-alias", "a-alias"] });
    expect(aliased.data.external_id).toBe("a-alias");
  });

  it("lists every customer across pages with for await, and filters as the SDK asks", async () => {
    const made: Customer[] = [];
    for (let i = 0; i < 5; i++) made.push((await server.client.v1.customers.create({ name: `Paged ${i}`, ingest_aliases: [`paged-${i}`] })).data);
    const listed = await allPages(server.client.v1.customers.list({ limit: 2 }));
    expect(new Set(listed.map((c) => c.id)).size).toBe(listed.length);
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(made.map((c) => c.id)));
    expect(listed.find((c) => c.id === made[0]!.id)).toEqual({
      id: made[0]!.id,
      created_at: ISO,
      updated_at: ISO,
      archived_at: null,
      external_id: "paged-0",
      ingest_aliases: ["paged-0"],
      name: "Paged 0",
      custom_fields: {},
      customer_config: { salesforce_account_id: null },
      current_billable_status: { value: "billable", effective_at: ISO },
    });

    const byIds = await allPages(server.client.v1.customers.list({ customer_ids: [made[1]!.id, made[3]!.id] }));
    expect(byIds.map((c) => c.name).sort()).toEqual(["Paged 1", "Paged 3"]);
    const byAlias = await allPages(server.client.v1.customers.list({ ingest_alias: "paged-4" }));
    expect(byAlias.map((c) => c.id)).toEqual([made[4]!.id]);

    const page = await server.client.v1.customers.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(typeof page.next_page).toBe("string");
  });

  it("replaces ingest aliases, refuses one another customer holds with 409, and renames", async () => {
    const owner = (await server.client.v1.customers.create({ name: "Owner", ingest_aliases: ["owned"] })).data;
    const other = (await server.client.v1.customers.create({ name: "Other" })).data;

    const response = await server.fetch(`/v1/customers/${other.id}/setIngestAliases`, { method: "POST", json: { ingest_aliases: ["other-1", "other-2"] } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await server.client.v1.customers.setIngestAliases({ customer_id: other.id, ingest_aliases: ["other-2", "other-3"] });
    expect((await server.client.v1.customers.retrieve({ customer_id: other.id })).data.ingest_aliases).toEqual(["other-2", "other-3"]);

    const conflict = await server.fetch(`/v1/customers/${other.id}/setIngestAliases`, { method: "POST", json: { ingest_aliases: ["owned"] } });
    expect(conflict.status).toBe(409);
    const body = (await conflict.json()) as { message: string };
    expect(body.message).toContain("“owned” is used by customer Owner");
    await expect(server.client.v1.customers.setIngestAliases({ customer_id: other.id, ingest_aliases: ["owned"] })).rejects.toMatchObject({ status: 409 });
    expect((await server.client.v1.customers.retrieve({ customer_id: other.id })).data.ingest_aliases).toEqual(["other-2", "other-3"]);

    const renamed: CustomerSetNameResponse = await server.client.v1.customers.setName({ customer_id: owner.id, name: "Owner, renamed" });
    expect(renamed).toEqual({ data: { id: owner.id, external_id: "owned", ingest_aliases: ["owned"], name: "Owner, renamed", custom_fields: {} } });
  });

  it("archives a customer, frees its aliases, and lists it only among the archived", async () => {
    const leaving = (await server.client.v1.customers.create({ name: "Leaving", ingest_aliases: ["leaving-alias"] })).data;
    expect(await server.client.v1.customers.archive({ id: leaving.id })).toEqual({ data: { id: leaving.id } });
    expect(await server.client.v1.customers.archive({ id: leaving.id })).toEqual({ data: { id: leaving.id } });
    const archived = (await server.client.v1.customers.retrieve({ customer_id: leaving.id })).data;
    expect(archived).toMatchObject({ archived_at: ISO, ingest_aliases: [] });
    expect((await allPages(server.client.v1.customers.list())).map((c) => c.id)).not.toContain(leaving.id);
    expect((await allPages(server.client.v1.customers.list({ only_archived: true }))).map((c) => c.id)).toEqual([leaving.id]);
    const successor = await server.client.v1.customers.create({ name: "Successor", ingest_aliases: ["leaving-alias"] });
    expect(successor.data.ingest_aliases).toEqual(["leaving-alias"]);
  });

  it("lists the billable metrics available to a customer across pages", async () => {
    const customer = (await server.client.v1.customers.create({ name: "Metered" })).data;
    const ids: string[] = [];
    for (const name of ["Calls", "Bytes", "Seats"]) {
      ids.push((await server.client.v1.billableMetrics.create({ name, aggregation_type: "COUNT", event_type_filter: { in_values: [name.toLowerCase()] } })).data.id);
    }
    const metrics = await allPages(server.client.v1.customers.listBillableMetrics({ customer_id: customer.id, limit: 2 }));
    expect(metrics.map((m) => m.id)).toEqual(ids);
    expect(metrics[0]).toEqual({ id: ids[0], name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["calls"] }, property_filters: [], group_keys: [], custom_fields: {} });
    expect(await allPages(server.client.v1.customers.listBillableMetrics({ customer_id: customer.id, on_current_plan: true }))).toEqual([]);
  });

  it.each([
    ["GET", "/v1/customers/00000000-0000-4000-8000-000000000000", undefined],
    ["GET", "/v1/customers/not-an-id", undefined],
    ["POST", "/v1/customers/00000000-0000-4000-8000-000000000000/setName", { name: "x" }],
    ["POST", "/v1/customers/not-an-id/setIngestAliases", { ingest_aliases: [] }],
    ["GET", "/v1/customers/00000000-0000-4000-8000-000000000000/billable-metrics", undefined],
    ["POST", "/v1/customers/archive", { id: "00000000-0000-4000-8000-000000000000" }],
  ])("answers %s %s for an unknown customer with 404 and a message", async (method, path, json) => {
    const response = await server.fetch(path, { method, json });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "No customer has that id." });
  });

  it.each<[string, string, unknown, string[]]>([
    ["/v1/customers", "a missing name", { ingest_aliases: "one" }, ["ingest_aliases", "name"]],
    ["/v1/customers", "a blank alias", { name: "x", ingest_aliases: [" "] }, ["ingest_aliases.0"]],
    ["/v1/customers", "a non-text custom field", { name: "x", custom_fields: { n: 1 } }, ["custom_fields.n"]],
    ["/v1/customers/archive", "a malformed id", { id: 42 }, ["id"]],
  ])("refuses POST %s with %s: 400 naming the fields", async (path, _case, json, fields) => {
    const before = (await allPages(server.client.v1.customers.list())).length;
    const response = await server.fetch(path, { method: "POST", json });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; fields: Record<string, string> };
    expect(body.message).toMatch(/^Invalid request: /);
    expect(Object.keys(body.fields).sort()).toEqual(fields);
    expect((await allPages(server.client.v1.customers.list())).length).toBe(before);
  });

  it("refuses a body that is not JSON, and a bad list filter, with 400", async () => {
    const notJson = await server.fetch("/v1/customers", { method: "POST", body: "{name:", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ message: "The request body is not valid JSON." });
    const badFilter = await server.fetch("/v1/customers?customer_ids=abc,def&limit=0");
    expect(badFilter.status).toBe(400);
    expect(Object.keys(((await badFilter.json()) as { fields: object }).fields).sort()).toEqual(["customer_ids.0", "customer_ids.1", "limit"]);
    const badCursor = await server.fetch("/v1/customers?next_page=bogus");
    expect(badCursor.status).toBe(400);
  });
});
