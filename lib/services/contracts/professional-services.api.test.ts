import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// professional_services on create through the SDK: the terms are stored and read back in the
// SDK's ProService shape (v2, and v1's initial/current); as in Metronome they bill nothing by
// themselves (scheduleProServicesInvoice is what invoices them), so the month's draft bills only
// its usage. What Rateline does not keep (custom_fields, netsuite ids) is refused by name.

const today = new Date();
const M0 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
const iso = (d: Date) => d.toISOString();
type Refusal = { status: number; error: { message: string } };

describeEachDatabase("professional services through the SDK", (kind) => {
  let server: ApiServer;
  const c = () => server.client;
  let services = "";
  let card = "";

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(24 * 90), RATELINE_BACKDATE_DAYS: "70" });
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } })).data.id;
    const calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    services = (await c().v1.contracts.products.create({ name: "Onboarding", type: "FIXED" })).data.id;
    card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: calls, entitled: true, rate_type: "FLAT", price: 10, starting_at: iso(M0) });
  });
  afterAll(() => server?.stop());

  const refused = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (e: unknown) => e)) as Refusal;

  it("stores the terms, reads them back, and bills nothing for them until they are invoiced", async () => {
    const customer = (await c().v1.customers.create({ name: "Consulting" })).data.id;
    // 20 days of onboarding at 15,000¢ a day, up to 400,000¢; 12.5 hours of training at 2,000.5¢.
    const terms = [
      { product_id: services, max_amount: 400000, quantity: 20, unit_price: 15000, description: "Onboarding days" },
      { product_id: services, max_amount: 30000, quantity: 12.5, unit_price: 2000.5 },
    ];
    const contract = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(M0), professional_services: terms })).data.id;
    await c().v1.usage.ingest({ usage: Array.from({ length: 30 }, () => ({ transaction_id: randomUUID(), customer_id: customer, event_type: "call", timestamp: iso(new Date(M0.getTime() + 86_400_000)) })) });

    const v2 = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: contract })).data;
    expect(v2.professional_services).toEqual(terms.map((t) => ({ id: expect.any(String), ...t })));
    const v1 = (await c().v1.contracts.retrieve({ customer_id: customer, contract_id: contract })).data;
    expect([v1.initial.professional_services, v1.current.professional_services]).toEqual([v2.professional_services, v2.professional_services]);
    // Last month's draft: 30 calls × 10¢ = 300¢, nothing for the services.
    const drafts = (await c().v1.customers.invoices.list({ customer_id: customer })).data.filter((i) => i.start_timestamp === iso(M0));
    expect(drafts.map((i) => [i.type, i.total, i.line_items.map((l) => l.name)])).toEqual([["USAGE", 300, ["Calls"]]]);
  });

  it("refuses what it cannot keep, and terms that exceed their maximum, naming the field", async () => {
    const customer = (await c().v1.customers.create({ name: "Refusals" })).data.id;
    const base = { customer_id: customer, rate_card_id: card, starting_at: iso(M0) };
    const term = { product_id: services, max_amount: 1000, quantity: 2, unit_price: 400 };
    const fields = await refused(c().v1.contracts.create({ ...base, professional_services: [{ ...term, custom_fields: { po: "7" } }] }));
    expect([fields.status, fields.error.message]).toEqual([400, expect.stringContaining("`professional_services.0.custom_fields` is not supported")]);
    const over = await refused(c().v1.contracts.create({ ...base, professional_services: [{ ...term, quantity: 3 }] }));
    expect([over.status, over.error.message]).toEqual([400, expect.stringContaining("quantity × unit_price must not exceed max_amount")]);
    const unknown = await refused(c().v1.contracts.create({ ...base, professional_services: [{ ...term, product_id: randomUUID() }] }));
    expect([unknown.status, unknown.error.message]).toEqual([400, expect.stringContaining("professional_services.0.product_id: no product has the id")]);
    expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
  });
});
