import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startApiServer, type ApiServer } from "./api-server";
import type { DatabaseKind } from "./databases";

// The API fixture of tests that close periods at the real clock: P2 is the first of the month
// before last, P1 the first of last month, THIS the first of this month, NEXT the next. The grace
// period lets the periods ending at P1 and THIS close (by the operator command or the server's own
// job: same result), and the backdating window takes events from P2 on. One usage product, Calls,
// at 10¢ each from P2 on the rate card List; one fixed product for commits and charges.

const HOUR = 3_600_000;
const today = new Date();
const firstOfMonth = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
export const [P2, P1, THIS, NEXT] = [firstOfMonth(-2), firstOfMonth(-1), firstOfMonth(0), firstOfMonth(1)];
/** Hours of grace: what has passed of this month, less one. */
export const grace = Math.max(0, (Date.now() - THIS.getTime()) / HOUR - 1);

/** Registers the server's start and stop (beforeAll/afterAll) in the calling describe block. */
export function closableMonths(kind: DatabaseKind, names: { customer: string; fixedProduct: string }) {
  const ids = { fixed: "", card: "" };
  let server: ApiServer;
  const c = () => server.client;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(grace), RATELINE_BACKDATE_DAYS: "100" });
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } })).data.id;
    const calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: names.fixedProduct, type: "FIXED" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: calls, entitled: true, rate_type: "FLAT", price: 10, starting_at: P2.toISOString() });
  });
  afterAll(() => server?.stop());

  let seq = 0;
  /** A new customer with `count` calls at each instant, all sent before any contract exists (so whoever closes sees them all). */
  async function customer(batches: [at: Date, count: number][]) {
    const id = (await c().v1.customers.create({ name: `${names.customer} ${++seq}` })).data.id;
    const usage = batches.flatMap(([at, count]) => Array.from({ length: count }, () => ({ transaction_id: randomUUID(), customer_id: id, event_type: "call", timestamp: at.toISOString() })));
    await c().v1.usage.ingest({ usage });
    return id;
  }
  return { c, server: () => server, ids, customer };
}
