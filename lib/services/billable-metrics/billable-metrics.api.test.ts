import type { BillableMetricCreateParams, BillableMetricRetrieveResponse } from "@metronome/sdk/resources/v1/billable-metrics";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);

// The SDK's own example.
const CPU_HOURS: BillableMetricCreateParams = {
  name: "CPU Hours",
  aggregation_key: "cpu_hours",
  aggregation_type: "SUM",
  event_type_filter: { in_values: ["cpu_usage"] },
  group_keys: [["region"], ["machine_type"]],
  property_filters: [
    { name: "cpu_hours", exists: true },
    { name: "region", exists: true, in_values: ["EU", "NA"] },
    { name: "machine_type", exists: true, in_values: ["slow", "fast"] },
  ],
  custom_fields: { owner: "infra" },
};

const props = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describeEachDatabase("billable metrics REST API", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind);
  });
  afterAll(() => server.stop());

  it("creates the SDK's example metric and returns it as Metronome does", async () => {
    const created = await server.client.v1.billableMetrics.create(CPU_HOURS);
    expect(created).toEqual({ data: { id: UUID } });
    const retrieved: BillableMetricRetrieveResponse = await server.client.v1.billableMetrics.retrieve({ billable_metric_id: created.data.id });
    const { custom_fields, ...definition } = CPU_HOURS;
    expect(retrieved).toEqual({ data: { id: created.data.id, ...definition, custom_fields } });
  });

  it("takes a lower-case aggregation type and leaves unused fields out of the response", async () => {
    const response = await server.fetch("/v1/billable-metrics/create", { method: "POST", json: { name: "Requests", aggregation_type: "count" } });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string } };
    const retrieved = await server.client.v1.billableMetrics.retrieve({ billable_metric_id: data.id });
    expect(retrieved.data).toEqual({ id: data.id, name: "Requests", aggregation_type: "COUNT", property_filters: [], group_keys: [], custom_fields: {} });
  });

  it("lists metrics across pages with for await, and archived ones only on request", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await server.client.v1.billableMetrics.create({ name: `Paged ${i}`, aggregation_type: "COUNT" })).data.id);
    const listed = await allPages(server.client.v1.billableMetrics.list({ limit: 2 }));
    expect(listed.map((m) => m.id)).toEqual(expect.arrayContaining(ids));
    expect(new Set(listed.map((m) => m.id)).size).toBe(listed.length);
    expect(listed.find((m) => m.id === ids[0])).toEqual({ id: ids[0], name: "Paged 0", aggregation_type: "COUNT", property_filters: [], group_keys: [], custom_fields: {} });

    expect(await server.client.v1.billableMetrics.archive({ id: ids[0]! })).toEqual({ data: { id: ids[0] } });
    expect((await server.client.v1.billableMetrics.retrieve({ billable_metric_id: ids[0]! })).data.archived_at).toEqual(ISO);
    expect((await allPages(server.client.v1.billableMetrics.list())).map((m) => m.id)).not.toContain(ids[0]);
    const withArchived = await allPages(server.client.v1.billableMetrics.list({ include_archived: true }));
    expect(withArchived.find((m) => m.id === ids[0])).toMatchObject({ archived_at: ISO });
  });

  it.each<[string, unknown, string[]]>([
    ["SUM without an aggregation key", { name: "x", aggregation_type: "SUM" }, ["aggregation_key"]],
    ["an aggregation key with no property filter", { name: "x", aggregation_type: "MAX", aggregation_key: "gb" }, ["aggregation_key"]],
    ["an empty in_values", { name: "x", aggregation_type: "COUNT", event_type_filter: { in_values: [] } }, ["event_type_filter.in_values"]],
    // Refused by name before anything else is checked (lib/http/sdk-fields.ts).
    ["a SQL metric", { name: "x", sql: "select count(*) from events" }, ["sql"]],
    ["no name and an unknown aggregation", { aggregation_type: "MEDIAN" }, ["aggregation_type", "name"]],
    ["group keys that are not lists", { name: "x", aggregation_type: "COUNT", group_keys: ["region"] }, ["group_keys.0"]],
    // What the rollups could not keep: 51 properties in groups of 20, each required to exist.
    [
      "51 grouped properties",
      { name: "x", aggregation_type: "COUNT", property_filters: props(51).map((name) => ({ name, exists: true })), group_keys: [props(20), props(40).slice(20), props(51).slice(40)] },
      ["group_keys.0", "group_keys.1", "group_keys.2", "property_filters"],
    ],
    ["21 different grouped properties", { name: "x", aggregation_type: "COUNT", group_keys: [props(10), props(20).slice(10), ["p20"]] }, ["group_keys"]],
    ["11 group keys", { name: "x", aggregation_type: "COUNT", group_keys: props(11).map((p) => [p]) }, ["group_keys"]],
    ["51 property filters", { name: "x", aggregation_type: "COUNT", property_filters: props(51).map((name) => ({ name, exists: true })) }, ["property_filters"]],
  ])("refuses %s with 400 naming the fields, and creates nothing", async (_case, json, fields) => {
    const before = (await allPages(server.client.v1.billableMetrics.list({ include_archived: true }))).length;
    const response = await server.fetch("/v1/billable-metrics/create", { method: "POST", json });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; fields: Record<string, string> };
    expect(body.message).toMatch(/^Invalid request: /);
    expect(Object.keys(body.fields).sort()).toEqual(fields);
    expect((await allPages(server.client.v1.billableMetrics.list({ include_archived: true }))).length).toBe(before);
  });

  it.each([
    ["GET", "/v1/billable-metrics/00000000-0000-4000-8000-000000000000", undefined],
    ["GET", "/v1/billable-metrics/not-an-id", undefined],
    ["POST", "/v1/billable-metrics/archive", { id: "00000000-0000-4000-8000-000000000000" }],
  ])("answers %s %s for an unknown metric with 404 and a message", async (method, path, json) => {
    const response = await server.fetch(path, { method, json });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "No billable metric has that id." });
  });

  it("refuses an archive without an id, and a bad list query, with 400", async () => {
    const archive = await server.fetch("/v1/billable-metrics/archive", { method: "POST", json: {} });
    expect(archive.status).toBe(400);
    expect(((await archive.json()) as { fields: object }).fields).toHaveProperty("id");
    const list = await server.fetch("/v1/billable-metrics?include_archived=maybe");
    expect(list.status).toBe(400);
  });
});
