import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

const START = "2026-01-01T00:00:00Z";

describeEachDatabase("contracts API", (kind) => {
  let server: ApiServer;
  let ids: { customer: string; card: string; tokens: string; seats: string; fixed: string };

  beforeAll(async () => {
    server = await startApiServer(kind);
    const { client } = server;
    const metric = await client.v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", property_filters: [{ name: "tokens", exists: true }], group_keys: [["model"]] });
    const tokens = await client.v1.contracts.products.create({ name: "Tokens", type: "USAGE", billable_metric_id: metric.data.id, pricing_group_key: ["model"] });
    const seats = await client.v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION" });
    const fixed = await client.v1.contracts.products.create({ name: "Commitment", type: "FIXED" });
    const card = await client.v1.contracts.rateCards.create({ name: "List" });
    await client.v1.contracts.rateCards.rates.addMany({
      rate_card_id: card.data.id,
      rates: [
        { product_id: tokens.data.id, entitled: true, rate_type: "FLAT", price: 10, starting_at: START, pricing_group_values: { model: "large" } },
        { product_id: seats.data.id, entitled: true, rate_type: "SUBSCRIPTION", price: 1000, billing_frequency: "MONTHLY", starting_at: START },
      ],
    });
    const customer = await client.v1.customers.create({ name: "Contract Co", ingest_aliases: ["contract-co"] });
    ids = { customer: customer.data.id, card: card.data.id, tokens: tokens.data.id, seats: seats.data.id, fixed: fixed.data.id };
  });
  afterAll(() => server.stop());

  it("creates, reads, lists, edits, amends and archives a contract through the SDK", async () => {
    const { client } = server;
    const created = await client.v1.contracts.create({
      customer_id: ids.customer,
      rate_card_id: ids.card,
      starting_at: START,
      name: "Enterprise",
      usage_statement_schedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" },
      overrides: [{ starting_at: START, product_id: ids.tokens, type: "MULTIPLIER", multiplier: 0.8 }],
      commits: [
        {
          type: "PREPAID",
          product_id: ids.fixed,
          name: "Prepaid 2026",
          priority: 1,
          access_schedule: { schedule_items: [{ amount: 50_000, starting_at: START, ending_before: "2027-01-01T00:00:00Z" }] },
          invoice_schedule: { schedule_items: [{ timestamp: START, amount: 50_000 }] },
        },
      ],
      credits: [{ product_id: ids.fixed, name: "Welcome", priority: 0, access_schedule: { schedule_items: [{ amount: 500, starting_at: START, ending_before: "2026-04-01T00:00:00Z" }] } }],
      subscriptions: [{ collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { product_id: ids.seats, billing_frequency: "MONTHLY" }, initial_quantity: 5 }],
    });
    const contractId = created.data.id;

    const { data } = await client.v2.contracts.retrieve({ customer_id: ids.customer, contract_id: contractId, include_balance: true });
    expect(data).toMatchObject({
      id: contractId,
      customer_id: ids.customer,
      name: "Enterprise",
      starting_at: "2026-01-01T00:00:00.000Z",
      rate_card_id: ids.card,
      usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: "2026-01-01T00:00:00.000Z" },
      overrides: [{ type: "MULTIPLIER", multiplier: 0.8, product: { id: ids.tokens, name: "Tokens" } }],
      commits: [{ type: "PREPAID", name: "Prepaid 2026", product: { id: ids.fixed, name: "Commitment" }, access_schedule: { schedule_items: [{ amount: 50_000 }] } }],
      credits: [{ type: "CREDIT", name: "Welcome" }],
      subscriptions: [{ collection_schedule: "ADVANCE", quantity_schedule: [{ quantity: 5 }], subscription_rate: { billing_frequency: "MONTHLY", product: { id: ids.seats } } }],
    });
    expect(typeof data.commits[0]!.balance).toBe("number");

    const list = await client.v2.contracts.list({ customer_id: ids.customer });
    expect(list.data.map((c) => c.id)).toContain(contractId);

    const subscriptionId = data.subscriptions![0]!.id!;
    const edit = await client.v2.contracts.edit({
      customer_id: ids.customer,
      contract_id: contractId,
      update_subscriptions: [{ subscription_id: subscriptionId, quantity_updates: [{ starting_at: "2026-01-15T00:00:00Z", quantity: 8 }] }],
      update_contract_name: "Enterprise (expanded)",
    });
    expect(edit.data).toEqual({ id: contractId, edit: { id: expect.any(String) } });
    await client.v1.contracts.amend({ customer_id: ids.customer, contract_id: contractId, starting_at: "2026-02-01T00:00:00Z", overrides: [{ starting_at: "2026-02-01T00:00:00Z", product_id: ids.tokens, type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: 5 } }] });
    const history = await client.v2.contracts.getEditHistory({ customer_id: ids.customer, contract_id: contractId });
    expect(history.data).toHaveLength(3);
    expect(history.data[1]).toMatchObject({ update_contract_name: "Enterprise (expanded)" });

    const schedule = await client.v1.contracts.retrieveRateSchedule({ customer_id: ids.customer, contract_id: contractId, at: "2026-01-10T00:00:00Z" });
    const tokenRate = schedule.data.find((r) => r.product_id === ids.tokens)!;
    expect(tokenRate).toMatchObject({ product_name: "Tokens", entitled: true, list_rate: { rate_type: "FLAT", price: 10 }, override_rate: { rate_type: "FLAT", price: 8 } });

    await client.v1.contracts.updateEndDate({ customer_id: ids.customer, contract_id: contractId, ending_before: "2026-12-01T00:00:00Z" });
    await client.v1.contracts.archive({ customer_id: ids.customer, contract_id: contractId, void_invoices: false });
    const archived = await client.v2.contracts.retrieve({ customer_id: ids.customer, contract_id: contractId });
    expect(archived.data).toMatchObject({ name: "Enterprise (expanded)", ending_before: "2026-12-01T00:00:00.000Z", archived_at: expect.any(String) });
    expect((await client.v2.contracts.list({ customer_id: ids.customer })).data.map((c) => c.id)).not.toContain(contractId);
  });

  it("refuses what cannot be billed with a 4xx message naming the field", async () => {
    const post = (path: string, json: unknown) => server.fetch(path, { method: "POST", json });
    const noRate = await post("/v1/contracts/create", { customer_id: ids.customer, rate_card_id: ids.card, starting_at: START, subscriptions: [{ collection_schedule: "ARREARS", subscription_rate: { product_id: ids.seats, billing_frequency: "ANNUAL" } }] });
    expect(noRate.status).toBe(422);
    expect((await noRate.json()).message).toMatch(/subscriptions\.0\.subscription_rate/);
    const backwards = await post("/v1/contracts/create", { customer_id: ids.customer, rate_card_id: ids.card, starting_at: START, ending_before: "2025-06-01T00:00:00Z" });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).message).toMatch(/ending_before/);
    const missing = await post("/v2/contracts/get", { customer_id: ids.customer, contract_id: "00000000-0000-4000-8000-000000000000" });
    expect(missing.status).toBe(404);
    const unsupported = await post("/v2/contracts/edit", { customer_id: ids.customer, contract_id: "00000000-0000-4000-8000-000000000000", add_spend_trackers: [] });
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).message).toMatch(/add_spend_trackers/);
  });
});
