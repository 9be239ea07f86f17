import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// professional_services on create through the SDK: the terms are stored and read back in the
// SDK's ProService shape (v2, and v1's initial/current); as in Metronome they bill nothing by
// themselves, so the month's draft bills only its usage, until scheduleProServicesInvoice
// invoices them (a FINALIZED SCHEDULED invoice, up to each term's max_amount). What Rateline does
// not keep (custom_fields, netsuite ids, amendment ids) is refused by name.

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

  const onboardingAndTraining = async (name: string) => {
    const customer = (await c().v1.customers.create({ name })).data.id;
    const terms = [
      { product_id: services, max_amount: 400000, quantity: 20, unit_price: 15000, description: "Onboarding days" },
      { product_id: services, max_amount: 30000, quantity: 12.5, unit_price: 2000.5 },
    ];
    const contract = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(M0), professional_services: terms })).data.id;
    const [onboarding, training] = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: contract })).data.professional_services!.map((p) => p.id);
    return { customer, contract, onboarding: onboarding!, training: training! };
  };
  const ISSUED = iso(new Date(M0.getTime() + 10 * 86_400_000));

  it("invoices professional services: an amount, a quantity at the term's price, a quantity at a given price", async () => {
    const { customer, contract, onboarding, training } = await onboardingAndTraining("Invoiced services");
    const invoice = (
      await c().v1.contracts.scheduleProServicesInvoice({
        customer_id: customer,
        contract_id: contract,
        issued_at: ISSUED,
        line_items: [
          // 5 days at the term's 15,000¢ = 75,000¢.
          { professional_service_id: onboarding, quantity: 5, metadata: "week 1" },
          // 3 hours at 2,000.5¢ = 6,001.5¢, rounded half-up to 6,002¢.
          { professional_service_id: training, quantity: 3, unit_price: 2000.5 },
          // An amount as given: 25,000¢.
          { professional_service_id: onboarding, amount: 25000 },
        ],
      })
    ).data;
    expect(invoice).toHaveLength(1);
    const [inv] = invoice;
    expect([inv!.type, inv!.status, inv!.contract_id, inv!.issued_at, inv!.start_timestamp, inv!.subtotal, inv!.total]).toEqual(["SCHEDULED", "FINALIZED", contract, ISSUED, ISSUED, 106002, 106002]);
    expect(inv!.line_items.map((l) => [l.type, l.name, l.professional_service_id, l.quantity, l.unit_price, l.total, l.metadata])).toEqual([
      ["professional_service", "Onboarding", onboarding, 5, 15000, 75000, "week 1"],
      ["professional_service", "Onboarding", training, 3, 2000.5, 6002, undefined],
      ["professional_service", "Onboarding", onboarding, 1, 25000, 25000, undefined],
    ]);
    // Stored: read back the same, and listed among the customer's invoices.
    expect((await c().v1.customers.invoices.retrieve({ customer_id: customer, invoice_id: inv!.id })).data).toEqual(inv);
    const listed = (await c().v1.customers.invoices.list({ customer_id: customer, status: "FINALIZED" })).data;
    expect(listed.map((i) => [i.id, i.total])).toEqual([[inv!.id, 106002]]);
  });

  it("never takes a term past its max_amount; a voided invoice gives its amount back", async () => {
    const { customer, contract, onboarding, training } = await onboardingAndTraining("Capped services");
    const schedule = (line_items: { professional_service_id: string; amount?: number; quantity?: number; unit_price?: number }[]) =>
      c().v1.contracts.scheduleProServicesInvoice({ customer_id: customer, contract_id: contract, issued_at: ISSUED, line_items });
    // 20 days × 15,000¢ = 300,000¢ of onboarding's 400,000¢.
    const first = (await schedule([{ professional_service_id: onboarding, quantity: 20 }])).data[0]!;
    expect(first.total).toBe(300000);
    // 100,001¢ more would be 400,001¢: refused, naming the line's field; nothing is written.
    const over = await refused(schedule([{ professional_service_id: training, amount: 100 }, { professional_service_id: onboarding, amount: 100001 }]));
    expect([over.status, over.error.message]).toEqual([400, expect.stringContaining("line_items.1.amount: 100001 would bring professional service")]);
    expect(over.error.message).toContain("past its max_amount of 400000 (300000 invoiced already)");
    // Two lines of one request count together: 60,000¢ + 40,001¢ = 100,001¢.
    const together = await refused(schedule([{ professional_service_id: onboarding, quantity: 4 }, { professional_service_id: onboarding, amount: 40001 }]));
    expect([together.status, together.error.message]).toEqual([400, expect.stringContaining("line_items.1.amount")]);
    // Exactly the remaining 100,000¢ is taken.
    expect((await schedule([{ professional_service_id: onboarding, amount: 100000 }])).data[0]!.total).toBe(100000);
    expect((await c().v1.customers.invoices.list({ customer_id: customer, status: "FINALIZED" })).data.map((i) => i.total).sort()).toEqual([100000, 300000]);
    // Voiding the 300,000¢ invoice leaves 100,000¢ invoiced: 300,000¢ may be invoiced again.
    await c().v1.invoices.void({ id: first.id });
    expect((await schedule([{ professional_service_id: onboarding, amount: 300000 }])).data[0]!.total).toBe(300000);
    expect((await refused(schedule([{ professional_service_id: onboarding, amount: 1 }]))).status).toBe(400);
  });

  it("lets only one of two concurrent requests take a term to its max_amount", async () => {
    const { customer, contract, onboarding } = await onboardingAndTraining("Concurrent services");
    // Each asks for 300,000¢ of onboarding's 400,000¢: together they would be 600,000¢.
    const ask = () => c().v1.contracts.scheduleProServicesInvoice({ customer_id: customer, contract_id: contract, issued_at: ISSUED, line_items: [{ professional_service_id: onboarding, amount: 300000 }] });
    const results = await Promise.allSettled([ask(), ask(), ask()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected", "rejected"]);
    for (const r of results) if (r.status === "rejected") expect((r.reason as Refusal).status).toBe(400);
    expect((await c().v1.customers.invoices.list({ customer_id: customer, status: "FINALIZED" })).data.map((i) => i.total)).toEqual([300000]);
  });

  it("refuses lines it cannot bill and fields it does not keep, naming them", async () => {
    const { customer, contract, onboarding } = await onboardingAndTraining("Refused services");
    const base = { customer_id: customer, contract_id: contract, issued_at: ISSUED };
    const cases: [unknown, string][] = [
      [{ ...base, line_items: [{ professional_service_id: onboarding, amount: 5, amendment_id: randomUUID() }] }, "`line_items.0.amendment_id` is not supported"],
      [{ ...base, netsuite_invoice_header_start: ISSUED, line_items: [{ professional_service_id: onboarding, amount: 5 }] }, "`netsuite_invoice_header_start` is not supported"],
      [{ ...base, line_items: [{ professional_service_id: randomUUID(), amount: 5 }] }, "line_items.0.professional_service_id: the contract has no professional service with this id"],
      [{ ...base, line_items: [{ professional_service_id: onboarding }] }, "line_items.0.amount: give an amount, or a quantity"],
      [{ ...base, line_items: [{ professional_service_id: onboarding, unit_price: 10 }] }, "line_items.0.quantity: a unit_price needs a quantity"],
      [{ ...base, line_items: [{ professional_service_id: onboarding, amount: 5, quantity: 1 }] }, "line_items.0.amount: give an amount, or a quantity (with an optional unit_price), not both"],
      [{ ...base, line_items: [{ professional_service_id: onboarding, amount: -5 }] }, "line_items.0.amount: Must not be negative"],
      [{ ...base, issued_at: iso(new Date(Date.now() + 86_400_000)), line_items: [{ professional_service_id: onboarding, amount: 5 }] }, "issued_at: must not be in the future"],
    ];
    for (const [body, message] of cases) {
      const refusal = await refused(c().v1.contracts.scheduleProServicesInvoice(body as Parameters<ReturnType<typeof c>["v1"]["contracts"]["scheduleProServicesInvoice"]>[0]));
      expect([refusal.status, refusal.error.message]).toEqual([400, expect.stringContaining(message)]);
    }
    const other = (await c().v1.customers.create({ name: "Not theirs" })).data.id;
    const notFound = await refused(c().v1.contracts.scheduleProServicesInvoice({ ...base, customer_id: other, line_items: [{ professional_service_id: onboarding, amount: 5 }] }));
    expect(notFound.status).toBe(404);
    expect((await c().v1.customers.invoices.list({ customer_id: customer, status: "FINALIZED" })).data).toEqual([]);
  });
});
