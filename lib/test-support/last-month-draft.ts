import { randomUUID } from "node:crypto";
import type Metronome from "@metronome/sdk";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { afterAll, beforeAll, expect } from "vitest";
import { startApiServer, type ApiServer } from "./api-server";
import type { DatabaseKind } from "./databases";

// The API fixture of tests that bill last month while it is still open: the server prices at the
// real clock, with a grace period (90 days) and a backdating window (70 days) long enough that
// M0, the first of last month, stays an open DRAFT that takes events. One usage product, Calls,
// at 10¢ each on the rate card List; one fixed product (Allowance unless named) for commits and credits.

const today = new Date();
const firstOfMonth = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
/** The first of last month: every contract of the fixture starts there. */
export const M0 = firstOfMonth(-1);
/** The first of this month. */
export const M1 = firstOfMonth(0);

type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];

/** Registers the server's start and stop (beforeAll/afterAll) in the calling describe block. */
export function lastMonthDraft(kind: DatabaseKind, customerName: string, fixedProduct = "Allowance") {
  const ids = { calls: "", fixed: "", card: "" };
  let server: ApiServer;
  const c = () => server.client;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(24 * 90), RATELINE_BACKDATE_DAYS: "70" });
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } })).data.id;
    ids.calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: fixedProduct, type: "FIXED" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: ids.calls, entitled: true, rate_type: "FLAT", price: 10, starting_at: M0.toISOString() });
  });
  afterAll(() => server?.stop());

  let seq = 0;
  /** A new customer with a contract on List from M0 with these terms. */
  async function contract(terms: Partial<ContractInput>) {
    const customer = (await c().v1.customers.create({ name: `${customerName} ${++seq}` })).data.id;
    const id = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: ids.card, starting_at: M0.toISOString(), ...terms })).data.id;
    return { customer, contract: id };
  }
  /** `count` calls at each instant. */
  async function ingest(customer: string, batches: [at: Date, count: number][]) {
    const usage = batches.flatMap(([at, count]) => Array.from({ length: count }, () => ({ transaction_id: randomUUID(), customer_id: customer, event_type: "call", timestamp: at.toISOString() })));
    await c().v1.usage.ingest({ usage });
  }
  /** The customer's usage invoice starting at `start`, which must be a draft. */
  async function draft(customer: string, start: Date): Promise<Invoice> {
    const invoice = (await c().v1.customers.invoices.list({ customer_id: customer, type: "USAGE" })).data.find((i) => i.start_timestamp === start.toISOString());
    expect(invoice?.status).toBe("DRAFT");
    return invoice!;
  }
  return { c, server: () => server, ids, contract, ingest, draft };
}
