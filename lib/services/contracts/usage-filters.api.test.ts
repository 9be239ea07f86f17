import { randomUUID } from "node:crypto";
import type Metronome from "@metronome/sdk";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Usage filters through the SDK: one customer's live contracts split its usage by region
// (`usage_filter` on create, `setUsageFilter` from a date), each invoice billing only its own
// events, to the cent; reads return the filters in the SDK's shapes (v2's list, v1's history).
//
// Dates. The server prices at the real clock. Every contract starts at M0, the first of last
// month, which stays an open DRAFT (a long grace period, no close) and takes events (a long
// backdating window); M1 is the first of this month; day(n) is M0 + n days.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const today = new Date();
const M0 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
const M1 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);

type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];
type Refusal = { status: number; error: { message: string } };

describeEachDatabase("usage filters through the SDK", (kind) => {
  let server: ApiServer;
  const c = () => server.client;
  let flatCard = "";
  let tieredCard = "";

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(24 * 90), RATELINE_BACKDATE_DAYS: "70" });
    // Calls, counted, kept by region: a filter on region can split them.
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] }, group_keys: [["region"]] })).data.id;
    const calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    flatCard = (await c().v1.contracts.rateCards.create({ name: "Flat" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: flatCard, product_id: calls, entitled: true, rate_type: "FLAT", price: 10, starting_at: iso(M0) });
    // Graduated: the first 10 calls of a period at 10¢, the rest at 5¢.
    tieredCard = (await c().v1.contracts.rateCards.create({ name: "Tiered" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: tieredCard, product_id: calls, entitled: true, rate_type: "TIERED", tiers: [{ size: 10, price: 10 }, { price: 5 }], starting_at: iso(M0) });
  });
  afterAll(() => server?.stop());

  let seq = 0;
  const customer = async () => (await c().v1.customers.create({ name: `Regions ${++seq}` })).data.id;
  const contract = async (customerId: string, terms: Partial<ContractInput>) => (await c().v1.contracts.create({ customer_id: customerId, rate_card_id: flatCard, starting_at: iso(M0), ...terms })).data.id;
  async function ingest(customerId: string, batches: [at: Date, count: number, region?: string][]) {
    const usage = batches.flatMap(([at, count, region]) =>
      Array.from({ length: count }, () => ({ transaction_id: randomUUID(), customer_id: customerId, event_type: "call", timestamp: iso(at), properties: region ? { region } : {} })),
    );
    await c().v1.usage.ingest({ usage });
  }
  /** The contract's USAGE invoice of the period starting at `start` (a draft). */
  async function invoice(customerId: string, contractId: string, start: Date): Promise<Invoice> {
    const found = (await c().v1.customers.invoices.list({ customer_id: customerId, type: "USAGE" })).data.find((i) => i.contract_id === contractId && i.start_timestamp === iso(start));
    expect(found?.status).toBe("DRAFT");
    return found!;
  }
  const usageLines = (i: Invoice) => i.line_items.filter((l) => l.type === "usage").map((l) => [l.quantity, l.total]);
  const refused = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (e: unknown) => e)) as Refusal;

  it("two contracts filtered by region=us and region=eu: each invoice bills only its own events, and reads return the filters", async () => {
    const cust = await customer();
    const us = await contract(cust, { name: "US", usage_filter: { group_key: "region", group_values: ["us"] } });
    const eu = await contract(cust, { name: "EU", usage_filter: { group_key: "region", group_values: ["eu"] } });
    // Last month: 30 us calls, 20 eu calls, 5 calls with no region; this month: 7 us calls.
    await ingest(cust, [[day(3), 30, "us"], [day(4), 20, "eu"], [day(5), 5], [M1, 7, "us"]]);
    // US: 30 × 10¢ = 300; EU: 20 × 10¢ = 200; the 5 without a region are neither's.
    const [lastUs, lastEu] = [await invoice(cust, us, M0), await invoice(cust, eu, M0)];
    expect([usageLines(lastUs), lastUs.total]).toEqual([[[30, 300]], 300]);
    expect([usageLines(lastEu), lastEu.total]).toEqual([[[20, 200]], 200]);
    // This month: 7 × 10¢ on US, nothing on EU.
    expect([(await invoice(cust, us, M1)).total, (await invoice(cust, eu, M1)).total]).toEqual([70, 0]);

    // A third contract whose filter shares us, or one with none, would bill some events twice.
    const shared = await refused(contract(cust, { usage_filter: { group_key: "region", group_values: ["us", "ca"] } }));
    expect(shared.status).toBe(409);
    expect(shared.error.message).toContain(`contract US (${us}) from ${iso(M0).slice(0, 10)} with no end, which prices the same usage (Calls), and from ${iso(M0).slice(0, 10)} both filters take region = us`);
    const none = await refused(contract(cust, { starting_at: iso(M1) }));
    expect([none.status, none.error.message]).toEqual([409, expect.stringContaining(`this contract has no usage filter from ${iso(M1).slice(0, 10)}`)]);
    // A key the metric does not keep cannot split it.
    const team = await refused(contract(cust, { usage_filter: { group_key: "team", group_values: ["core"] } }));
    expect([team.status, team.error.message]).toEqual([400, expect.stringContaining('the billable metric Calls (of product Calls) has no group key "team"')]);
    expect((await c().v2.contracts.list({ customer_id: cust })).data.map((k) => k.id).sort()).toEqual([us, eu].sort());

    const filter = { group_key: "region", group_values: ["us"], starting_at: iso(M0) };
    expect((await c().v2.contracts.retrieve({ customer_id: cust, contract_id: us })).data.usage_filter).toEqual([filter]);
    const v2 = (await c().v2.contracts.list({ customer_id: cust })).data.find((k) => k.id === eu)!;
    expect(v2.usage_filter).toEqual([{ ...filter, group_values: ["eu"] }]);
    const v1 = (await c().v1.contracts.retrieve({ customer_id: cust, contract_id: us })).data;
    const history = { initial: filter, current: filter, updates: [] };
    expect([v1.initial.usage_filter, v1.current.usage_filter]).toEqual([history, history]);
    expect((await c().v1.contracts.list({ customer_id: cust })).data.find((k) => k.id === us)!.current.usage_filter).toEqual(history);

    // Without a filter: v2's list is empty and v1 has none.
    const plain = await customer();
    const unfiltered = await contract(plain, {});
    expect((await c().v2.contracts.retrieve({ customer_id: plain, contract_id: unfiltered })).data.usage_filter).toEqual([]);
    expect((await c().v1.contracts.retrieve({ customer_id: plain, contract_id: unfiltered })).data.current).not.toHaveProperty("usage_filter");
  });

  it("setUsageFilter mid-period moves a region from one contract to the other from its starting_at, tiers counting from the period's start", async () => {
    const cust = await customer();
    const a = await contract(cust, { name: "A", rate_card_id: tieredCard, usage_filter: { group_key: "region", group_values: ["us", "ca"] } });
    const b = await contract(cust, { name: "B", rate_card_id: tieredCard, usage_filter: { group_key: "region", group_values: ["eu"] } });
    // Last month: 8 eu calls on day 2, 10 ca calls on day 5, 10 ca and 5 us calls on day 20.
    await ingest(cust, [[day(2), 8, "eu"], [day(5), 10, "ca"], [day(20), 10, "ca"], [day(20), 5, "us"]]);
    // Before the change A has 25 calls: 10 at 10¢ + 15 at 5¢ = 175; B 8 at 10¢ = 80.
    expect([(await invoice(cust, a, M0)).total, (await invoice(cust, b, M0)).total]).toEqual([175, 80]);

    // Canada moves to B from day 15. Giving it to B first is refused: A still takes it then.
    const move = day(15);
    const early = await refused(c().v1.contracts.setUsageFilter({ customer_id: cust, contract_id: b, group_key: "region", group_values: ["eu", "ca"], starting_at: iso(move) }));
    expect([early.status, early.error.message]).toEqual([409, expect.stringContaining(`from ${iso(move).slice(0, 10)} both filters take region = ca`)]);
    await c().v1.contracts.setUsageFilter({ customer_id: cust, contract_id: a, group_key: "region", group_values: ["us"], starting_at: iso(move) });
    await c().v1.contracts.setUsageFilter({ customer_id: cust, contract_id: b, group_key: "region", group_values: ["eu", "ca"], starting_at: iso(move) });

    // A: before day 15 the 10 ca calls of day 5 fill the 10¢ tier (100); from it only us: 5
    // calls, the period's 11th to 15th, at 5¢ (25). 125.
    const lastA = await invoice(cust, a, M0);
    expect([usageLines(lastA), lastA.total]).toEqual([[[10, 100], [5, 25]], 125]);
    // B: before day 15 the 8 eu calls at 10¢ (80); from it the 10 ca calls of day 20 are its
    // period's 9th to 18th: 2 at 10¢ + 8 at 5¢ (60). 140.
    const lastB = await invoice(cust, b, M0);
    expect([usageLines(lastB), lastB.total]).toEqual([[[8, 80], [10, 60]], 140]);

    const initial = { group_key: "region", group_values: ["us", "ca"], starting_at: iso(M0) };
    const update = { group_key: "region", group_values: ["us"], starting_at: iso(move) };
    expect((await c().v2.contracts.retrieve({ customer_id: cust, contract_id: a })).data.usage_filter).toEqual([{ ...initial, ending_before: iso(move) }, update]);
    const v1 = (await c().v1.contracts.retrieve({ customer_id: cust, contract_id: a })).data;
    expect(v1.current.usage_filter).toEqual({ initial, current: update, updates: [update] });
    const edits = (await c().v2.contracts.getEditHistory({ customer_id: cust, contract_id: a })).data;
    expect(edits.at(-1)).toMatchObject({ add_usage_filters: [update] });

    // Dated before the contract, or off the hour: refused naming starting_at.
    const before = await refused(c().v1.contracts.setUsageFilter({ customer_id: cust, contract_id: a, group_key: "region", group_values: ["us"], starting_at: iso(new Date(M0.getTime() - DAY)) }));
    expect([before.status, before.error.message]).toEqual([400, expect.stringContaining("starting_at")]);
    const offHour = await refused(c().v1.contracts.setUsageFilter({ customer_id: cust, contract_id: a, group_key: "region", group_values: ["us"], starting_at: iso(new Date(move.getTime() + HOUR / 2)) }));
    expect([offHour.status, offHour.error.message]).toEqual([400, expect.stringContaining("starting_at")]);
  });
});
