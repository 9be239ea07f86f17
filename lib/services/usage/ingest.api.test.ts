import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

const HOUR = 3600_000;

describeEachDatabase("ingest through the API", (kind) => {
  let server: ApiServer;
  let customerId: string;
  let metricId: string;
  // Fixed once: read again later, an hour turning mid-test would move the window off the events.
  const hourStart = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);

  beforeAll(async () => {
    server = await startApiServer(kind);
    customerId = (await server.client.v1.customers.create({ name: "Concurrent Co", ingest_aliases: ["concurrent-co"] })).data.id;
    metricId = (await server.client.v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] }, group_keys: [["region"]] })).data.id;
  });
  afterAll(() => server.stop());

  async function usage() {
    const page = await server.client.v1.usage.list({
      starting_on: new Date(hourStart.getTime() - 24 * HOUR).toISOString(),
      ending_before: new Date(hourStart.getTime() + 4 * HOUR).toISOString(),
      window_size: "NONE",
      customer_ids: [customerId],
      billable_metrics: [{ id: metricId, group_by: { key: "region" } }],
    });
    return page.data[0]!;
  }

  it("counts 8 concurrent requests carrying the same 1,000 events exactly once", async () => {
    const at = hourStart;
    const events = Array.from({ length: 1000 }, (_, i) => ({
      transaction_id: `concurrent-${i}`,
      customer_id: "concurrent-co",
      event_type: "call",
      timestamp: new Date(at.getTime() + i * 1000).toISOString(),
      properties: { region: i % 4 === 0 ? "eu" : "us" },
    }));
    await Promise.all(Array.from({ length: 8 }, () => server.client.v1.usage.ingest({ usage: events })));
    const found = await server.client.v1.usage.search({ transactionIds: events.slice(0, 100).map((e) => e.transaction_id) });
    // Each stored once; the 7 other requests' copies are reported beside it as its duplicate.
    expect(found.filter((e) => !e.is_duplicate)).toHaveLength(100);
    expect(found.filter((e) => e.is_duplicate).map((e) => e.transaction_id).sort()).toEqual(events.slice(0, 100).map((e) => e.transaction_id).sort());
    const result = await usage();
    expect(result.value).toBe(1000);
    expect(result.groups).toEqual({ eu: 250, us: 750 });
  });

  it("shows a new event in usage on the next read", async () => {
    const before = (await usage()).value!;
    await server.client.v1.usage.ingest({ usage: [{ transaction_id: "fresh-1", customer_id: customerId, event_type: "call", timestamp: new Date().toISOString(), properties: { region: "eu" } }] });
    expect((await usage()).value).toBe(before + 1);
  });

  it("answers usage, usage groups and event search in the SDK's shapes", async () => {
    const result = await usage();
    expect(result).toEqual({
      customer_id: customerId,
      billable_metric_id: metricId,
      billable_metric_name: "Calls",
      start_timestamp: expect.stringMatching(/Z$/),
      end_timestamp: expect.stringMatching(/Z$/),
      value: expect.any(Number),
      groups: { eu: expect.any(Number), us: 750 },
    });
    const rows = [];
    for await (const row of server.client.v1.usage.listWithGroups({
      customer_id: customerId,
      billable_metric_id: metricId,
      window_size: "HOUR",
      starting_on: new Date(hourStart.getTime()).toISOString(),
      ending_before: new Date(hourStart.getTime() + HOUR).toISOString(),
      group_key: ["region"],
      limit: 1,
    })) rows.push(row);
    expect(rows).toEqual([
      { starting_on: hourStart.toISOString(), ending_before: new Date(hourStart.getTime() + HOUR).toISOString(), group_key: "region", group_value: "eu", value: 250, group: { region: "eu" } },
      { starting_on: hourStart.toISOString(), ending_before: new Date(hourStart.getTime() + HOUR).toISOString(), group_key: "region", group_value: "us", value: 750, group: { region: "us" } },
    ]);
    const data = await server.client.v1.usage.search({ transactionIds: ["concurrent-0", "no-such-event"] });
    expect(data).toEqual([
      expect.objectContaining({
        id: "concurrent-0",
        transaction_id: "concurrent-0",
        customer_id: "concurrent-co",
        event_type: "call",
        properties: { region: "eu" },
        is_duplicate: false,
        matched_customer: { id: customerId, name: "Concurrent Co" },
        matched_billable_metrics: [expect.objectContaining({ id: metricId, name: "Calls", aggregation_type: "COUNT" })],
      }),
      expect.objectContaining({ id: "concurrent-0:duplicate", transaction_id: "concurrent-0", is_duplicate: true, matched_billable_metrics: [] }),
    ]);
  });

  it("reports an event received again as a duplicate, the last copy as it came, counting it once", async () => {
    const before = (await usage()).value!;
    const event = (n: number, region: string) => ({ transaction_id: "resent-1", customer_id: "concurrent-co", event_type: "call", timestamp: new Date(hourStart.getTime() + n).toISOString(), properties: { region } });
    await server.client.v1.usage.ingest({ usage: [event(0, "eu")] });
    const alone = await server.client.v1.usage.search({ transactionIds: ["resent-1"] });
    expect(alone.map((e) => [e.id, e.is_duplicate])).toEqual([["resent-1", false]]);
    // Sent again twice in one request, with other properties: both copies are duplicates.
    await server.client.v1.usage.ingest({ usage: [event(1, "us"), event(2, "apac")] });
    const found = await server.client.v1.usage.search({ transactionIds: ["resent-1"] });
    expect(found).toEqual([
      expect.objectContaining({ id: "resent-1", is_duplicate: false, properties: { region: "eu" }, timestamp: new Date(hourStart.getTime()).toISOString() }),
      expect.objectContaining({ id: "resent-1:duplicate", is_duplicate: true, properties: { region: "apac" }, timestamp: new Date(hourStart.getTime() + 2).toISOString(), matched_billable_metrics: [] }),
    ]);
    expect((await usage()).value).toBe(before + 1);
  });
});
