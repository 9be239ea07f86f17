import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Alerts through the real server and the official SDK: the server's own job evaluates them as
// events arrive (the billing-state job, every 2 s), so the test polls the customer's alerts until it has run.

const NOBODY = "00000000-0000-4000-8000-000000000000";
const JOB_WAIT_MS = 45_000;

describeEachDatabase("alerts REST API", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", metric: "", alert: "" };

  beforeAll(async () => {
    server = await startApiServer(kind);
    const c = server.client;
    ids.metric = (await c.v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } })).data.id;
    ids.customer = (await c.v1.customers.create({ name: "Acme", ingest_aliases: ["acme"] })).data.id;
  });
  afterAll(() => server?.stop());

  async function alertsOf(customerId: string, statuses?: ("ENABLED" | "ARCHIVED")[]): Promise<CustomerAlert[]> {
    const items: CustomerAlert[] = [];
    for await (const item of server.client.v1.customers.alerts.list({ customer_id: customerId, ...(statuses ? { alert_statuses: statuses } : {}) })) items.push(item);
    return items;
  }

  /** Polls until the customer's status for the alert is `status`; fails with the last one seen. */
  async function until(status: CustomerAlert["customer_status"]): Promise<CustomerAlert> {
    const deadline = Date.now() + JOB_WAIT_MS;
    let last: CustomerAlert | undefined;
    while (Date.now() < deadline) {
      last = (await server.client.v1.customers.alerts.retrieve({ customer_id: ids.customer, alert_id: ids.alert })).data;
      if (last.customer_status === status) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(last?.customer_status).toBe(status);
    return last!;
  }

  it("refuses bad alerts with a 4xx", async () => {
    const c = server.client;
    const base = { name: "Bad", threshold: 3, customer_id: ids.customer };
    await expect(c.v1.alerts.create({ ...base, alert_type: "nonsense" as never })).rejects.toMatchObject({ status: 400 });
    await expect(c.v1.alerts.create({ ...base, alert_type: "usage_threshold_reached" })).rejects.toMatchObject({ status: 400 });
    await expect(c.v1.alerts.create({ ...base, alert_type: "spend_threshold_reached", customer_id: NOBODY })).rejects.toMatchObject({ status: 404 });
    await expect(c.v1.customers.alerts.retrieve({ customer_id: ids.customer, alert_id: NOBODY })).rejects.toMatchObject({ status: 404 });
    expect(await alertsOf(ids.customer)).toEqual([]);
  });

  it("create → ingest → in alarm → reset → archive", async () => {
    const c = server.client;
    ids.alert = (
      await c.v1.alerts.create({ alert_type: "usage_threshold_reached", name: "Three calls", threshold: 3, billable_metric_id: ids.metric, customer_id: ids.customer, uniqueness_key: "three-calls" })
    ).data.id;
    await expect(
      c.v1.alerts.create({ alert_type: "usage_threshold_reached", name: "Again", threshold: 3, billable_metric_id: ids.metric, uniqueness_key: "three-calls" }),
    ).rejects.toMatchObject({ status: 409 });
    // Evaluated on creation: no usage yet.
    expect(await until("ok")).toEqual({
      alert: { id: ids.alert, name: "Three calls", type: "usage_threshold_reached", status: "enabled", threshold: 3, updated_at: expect.any(String), credit_type: null, uniqueness_key: "three-calls" },
      customer_status: "ok",
      triggered_by: null,
    });

    const now = new Date().toISOString();
    await c.v1.usage.ingest({ usage: [1, 2, 3].map((i) => ({ transaction_id: `call-${i}`, customer_id: "acme", event_type: "call", timestamp: now })) });
    await until("in_alarm");
    expect((await alertsOf(ids.customer)).map((a) => [a.alert.id, a.customer_status])).toEqual([[ids.alert, "in_alarm"]]);

    // The portal's banner data, through the customer's own link.
    const link = (await c.v1.dashboards.getEmbeddableURL({ customer_id: ids.customer, dashboard: "usage" })).data.url!;
    const token = new URL(link).searchParams.get("token")!;
    const portal = await fetch(`${server.url}/api/portal/alerts`, { headers: { authorization: `Bearer ${token}` } });
    expect(portal.status).toBe(200);
    expect(((await portal.json()) as { alerts: { id: string; value: string }[] }).alerts).toMatchObject([{ id: ids.alert, value: "3" }]);

    await c.v1.customers.alerts.reset({ customer_id: ids.customer, alert_id: ids.alert });
    await until("in_alarm");

    await c.v1.alerts.archive({ id: ids.alert, release_uniqueness_key: true });
    expect(await alertsOf(ids.customer)).toEqual([]);
    expect((await alertsOf(ids.customer, ["ARCHIVED"])).map((a) => [a.alert.id, a.alert.status, a.alert.uniqueness_key])).toEqual([[ids.alert, "archived", undefined]]);
    await expect(c.v1.customers.alerts.reset({ customer_id: ids.customer, alert_id: ids.alert })).rejects.toMatchObject({ status: 409 });
    // The key was released: a new alert may take it.
    await c.v1.alerts.create({ alert_type: "spend_threshold_reached", name: "Spend", threshold: 100, customer_id: ids.customer, uniqueness_key: "three-calls" });
  });
});
