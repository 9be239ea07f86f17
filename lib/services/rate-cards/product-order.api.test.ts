import type { ProductOrderSetResponse, ProductOrderUpdateResponse } from "@metronome/sdk/resources/v1/contracts/rate-cards/product-orders";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// A rate card's product order through the SDK (v1.contracts.rateCards.productOrders.update and
// .set), and what it orders: the charges on invoices of contracts on the card.

const refusal = (status: number, message: string) => ({ status, error: { message: expect.stringContaining(message) } });
const today = new Date();
const THIS = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)).toISOString();

describeEachDatabase("rate card product order through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { card: "", customer: "", contract: "", a: "", b: "", c: "", unpriced: "" };
  const names: Record<string, string> = {};
  const c = () => server.client;
  const orders = () => c().v1.contracts.rateCards.productOrders;

  /** The names of the current draft's usage charges, in invoice order. */
  async function draftCharges(): Promise<string[]> {
    const drafts = (await c().v1.customers.invoices.list({ customer_id: ids.customer, type: "USAGE" })).data;
    const current = drafts.find((i) => i.start_timestamp === THIS)!;
    return current.line_items.filter((l) => l.type === "usage").map((l) => l.name);
  }

  beforeAll(async () => {
    server = await startApiServer(kind);
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "Ordered" })).data.id;
    for (const [key, name] of [["a", "Alpha"], ["b", "Bravo"], ["c", "Charlie"], ["unpriced", "Unpriced"]] as const) {
      ids[key] = (await c().v1.contracts.products.create({ name, type: "USAGE", billable_metric_id: metric })).data.id;
      names[ids[key]] = name;
      if (key !== "unpriced") await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: ids[key], entitled: true, rate_type: "FLAT", price: 1, starting_at: THIS });
    }
    ids.customer = (await c().v1.customers.create({ name: "Ordered Inc", ingest_aliases: ["ordered"] })).data.id;
    ids.contract = (await c().v1.contracts.create({ customer_id: ids.customer, rate_card_id: ids.card, starting_at: THIS })).data.id;
    await c().v1.usage.ingest({ usage: [{ transaction_id: "o-1", customer_id: "ordered", event_type: "api_call", timestamp: THIS }] });
  });
  afterAll(() => server.stop());

  const byId = (list: string[]) => [...list].sort();

  it("lists charges by product id until an order is set, then in the order set; the rest follow", async () => {
    const unordered = byId([ids.a, ids.b, ids.c]).map((id) => names[id]);
    expect(await draftCharges()).toEqual(unordered);
    const set: ProductOrderSetResponse = await orders().set({ rate_card_id: ids.card, product_order: [ids.c, ids.a] });
    expect(set).toEqual({ data: { id: ids.card } });
    expect(await draftCharges()).toEqual(["Charlie", "Alpha", "Bravo"]);
  });

  it("moves products relative to where they are, each move in turn", async () => {
    // From Charlie, Alpha, Bravo: Bravo to the top, then Charlie to the end.
    const moved: ProductOrderUpdateResponse = await orders().update({ rate_card_id: ids.card, product_moves: [{ product_id: ids.b, position: 0 }, { product_id: ids.c, position: 2 }] });
    expect(moved).toEqual({ data: { id: ids.card } });
    expect(await draftCharges()).toEqual(["Bravo", "Alpha", "Charlie"]);
    const audit = (await c().v1.auditLogs.list({ resource_type: "rate_card", resource_id: ids.card })).data.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["rate_card.set_product_order", "rate_card.move_products"]));
  });

  it("refuses products the card does not price, positions past the end and repeats, changing nothing", async () => {
    await expect(orders().set({ rate_card_id: ids.card, product_order: [ids.a, ids.unpriced] })).rejects.toMatchObject(refusal(400, "product_order.1: This rate card has no rate for this product"));
    await expect(orders().set({ rate_card_id: ids.card, product_order: [ids.a, ids.a] })).rejects.toMatchObject(refusal(400, "product_order.1: This product is already listed"));
    await expect(orders().update({ rate_card_id: ids.card, product_moves: [{ product_id: ids.a, position: 3 }] })).rejects.toMatchObject(refusal(400, "product_moves.0.position: Must be at most 2"));
    await expect(orders().update({ rate_card_id: ids.card, product_moves: [{ product_id: ids.a, position: 0 }, { product_id: ids.unpriced, position: 0 }] })).rejects.toMatchObject(
      refusal(400, "product_moves.1.product_id: This rate card has no rate for this product"),
    );
    await expect(orders().update({ rate_card_id: ids.card, product_moves: [{ product_id: ids.a, position: -1 }] })).rejects.toMatchObject(refusal(400, "product_moves.0.position"));
    await expect(orders().set({ rate_card_id: ids.customer, product_order: [ids.a] })).rejects.toMatchObject(refusal(404, "No rate card has that id"));
    expect(await draftCharges()).toEqual(["Bravo", "Alpha", "Charlie"]);
  });
});
