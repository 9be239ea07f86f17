import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { billingClose } from "@/lib/test-support/billing-close";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Period close, void and regenerate through the official SDK and the operator command. The
// server runs with no grace period, so last month's period is closable; `npm run billing:close`
// closes it (through the server when it holds the embedded database, directly on PostgreSQL).
//
// Dates: the contract starts on the first of last month; events are dated in last month and at
// most 33 days back (the server accepts 34).

const HOUR = 3_600_000;
const now = new Date();
const P0 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const EVENT_AT = new Date(Math.max(P0.getTime() + HOUR, Math.ceil((now.getTime() - 33 * 24 * HOUR) / HOUR) * HOUR));

describeEachDatabase("period close, void and regenerate through the SDK", (kind) => {
  let server: ApiServer;
  let customerId: string;
  const c = () => server.client;
  const events = (prefix: string, n: number, at: Date) =>
    c().v1.usage.ingest({ usage: Array.from({ length: n }, (_, i) => ({ transaction_id: `${prefix}-${i}`, customer_id: customerId, event_type: "api_call", timestamp: at.toISOString() })) });
  const invoice = async (id: string) => (await c().v1.customers.invoices.retrieve({ customer_id: customerId, invoice_id: id })).data;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: "0" });
    const metric = await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } });
    const product = await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric.data.id });
    const card = await c().v1.contracts.rateCards.create({ name: "List" });
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card.data.id, product_id: product.data.id, entitled: true, rate_type: "FLAT", price: 10, starting_at: P0.toISOString() });
    customerId = (await c().v1.customers.create({ name: "Closer" })).data.id;
    await c().v1.contracts.create({ customer_id: customerId, rate_card_id: card.data.id, starting_at: P0.toISOString() });
    await events("calls", 30, EVENT_AT);
  });
  afterAll(() => server?.stop());

  let finalizedId: string;

  it("closes last month with the operator command", async () => {
    const { status, output } = await billingClose(server);
    expect(output).toMatch(kind === "pglite" ? /through the running server[\s\S]*Finalized [01] invoice/ : /Finalized [01] invoice/);
    expect(status).toBe(0);
    // (The server's own close job may have got there first; either way it is closed once.)
    const finalized = (await c().v1.customers.invoices.list({ customer_id: customerId, status: "FINALIZED" })).data;
    expect(finalized.map((i) => [i.status, i.type, i.start_timestamp, i.total])).toEqual([["FINALIZED", "USAGE", P0.toISOString(), 300]]);
    finalizedId = finalized[0]!.id;
    expect((await billingClose(server)).output).toMatch(/Finalized 0 invoice/);
  });

  it("keeps the finalized invoice when late events arrive, and regenerate picks them up", async () => {
    await events("late", 10, new Date(EVENT_AT.getTime() + HOUR));
    expect((await invoice(finalizedId)).total).toBe(300);
    const { data } = await c().v1.invoices.regenerate({ id: finalizedId });
    expect(data!.id).not.toBe(finalizedId);
    const fresh = await invoice(data!.id);
    expect([fresh.status, fresh.total, fresh.regenerated_from_invoice_id, fresh.start_timestamp]).toEqual(["FINALIZED", 400, finalizedId, P0.toISOString()]);
    expect((await invoice(finalizedId)).status).toBe("VOID");
    await expect(c().v1.invoices.regenerate({ id: finalizedId })).rejects.toMatchObject({ status: 409 });

    expect(await c().v1.invoices.void({ id: data!.id })).toEqual({ data: { id: data!.id } });
    expect((await invoice(data!.id)).status).toBe("VOID");
  });

  it("refuses drafts and unknown ids with a clear 4xx", async () => {
    const draft = (await c().v1.customers.invoices.list({ customer_id: customerId, status: "DRAFT" })).data[0]!;
    const refused = await c().v1.invoices.void({ id: draft.id }).then(() => null, (e: { status: number; error: { message: string } }) => e);
    expect(refused).toMatchObject({ status: 422, error: { message: expect.stringMatching(/draft of a period that is still open/) } });
    await expect(c().v1.invoices.regenerate({ id: draft.id })).rejects.toMatchObject({ status: 422 });
    await expect(c().v1.invoices.void({ id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ status: 404 });
    const bad = await server.fetch("/v1/invoices/void", { method: "POST", json: { id: "nope" } });
    expect(bad.status).toBe(400);
  });
});
