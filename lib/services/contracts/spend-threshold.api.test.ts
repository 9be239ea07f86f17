import { randomUUID } from "node:crypto";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgres } from "@/lib/db/connection";
import { nextRefreshBatch, refreshCustomers } from "@/lib/services/billing-state/refresh-billing-state";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// Spend threshold billing through the SDK, on the real server and its own billing-state job:
// create takes spend_threshold_configuration, reads return it, and once the unbilled spend of the
// period in progress reaches the threshold a THRESHOLD invoice bills it at once, as a prepaid
// commit the usage draft then draws down. Prices: calls at 10¢; a threshold of 1000¢ ($10).
//
// Dates: contracts start at M1, the first of this month (the period in progress); events are
// dated a minute ago (not before M1).

const today = new Date();
const M1 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
const iso = (d: Date) => d.toISOString();

describeEachDatabase("spend threshold billing through the SDK", (kind) => {
  let server: ApiServer;
  const c = () => server.client;
  let calls = "";
  let fixed = "";
  let card = "";

  beforeAll(async () => {
    server = await startApiServer(kind);
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["call"] } })).data.id;
    calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    fixed = (await c().v1.contracts.products.create({ name: "Prepaid spend", type: "FIXED" })).data.id;
    card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: calls, entitled: true, rate_type: "FLAT", price: 10, starting_at: iso(M1) });
  });
  afterAll(() => server?.stop());

  const threshold = (extra: object = {}) => ({ commit: { product_id: fixed, name: "Threshold prepayment" }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" as const }, threshold_amount: 1000, ...extra });
  let seq = 0;
  async function contract() {
    const customer = (await c().v1.customers.create({ name: `Threshold ${++seq}` })).data.id;
    const id = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(M1), spend_threshold_configuration: threshold() })).data.id;
    return { customer, contract: id };
  }
  async function ingest(customer: string, count: number) {
    const at = iso(new Date(Math.max(M1.getTime(), Date.now() - 60_000)));
    await c().v1.usage.ingest({ usage: Array.from({ length: count }, () => ({ transaction_id: randomUUID(), customer_id: customer, event_type: "call", timestamp: at })) });
  }
  const invoices = async (customer: string) => (await c().v1.customers.invoices.list({ customer_id: customer })).data;
  const ofType = (all: Invoice[], type: string) => all.filter((i) => i.type === type);
  /** Polls the customer's invoices until `done` holds (the job bills a crossing a moment after the events arrive). */
  async function until(customer: string, done: (all: Invoice[]) => boolean): Promise<Invoice[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const all = await invoices(customer);
      if (done(all)) return all;
      if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(all.map((i) => [i.type, i.status, i.total]))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const usageDraft = (all: Invoice[]) => all.find((i) => i.type === "USAGE" && i.status === "DRAFT" && i.start_timestamp === iso(M1))!;
  const lines = (invoice: Invoice) => invoice.line_items.map((l) => [l.type, l.total]);

  it("refuses payment gates and fields it does not honour, naming them", async () => {
    const customer = (await c().v1.customers.create({ name: "Refused" })).data.id;
    const create = (spend_threshold_configuration: object) =>
      c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(M1), spend_threshold_configuration: spend_threshold_configuration as never });
    await expect(create(threshold({ payment_gate_config: { payment_gate_type: "STRIPE", stripe_config: undefined } }))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("payment_gate_type") });
    await expect(create(threshold({ payment_gate_config: { payment_gate_type: "EXTERNAL" } }))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("payment_gate_type") });
    await expect(create(threshold({ commit: { product_id: fixed, priority: 5 } }))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("commit.priority") });
    await expect(create(threshold({ commit: { product_id: calls } }))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("FIXED") });
    await expect(create(threshold({ threshold_amount: 0 }))).rejects.toMatchObject({ status: 400, message: expect.stringContaining("threshold_amount") });
    expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
  });

  it("bills 1100¢ when 110 calls cross $10, then 1200¢ at the next crossing; the draft bills neither again", async () => {
    const { customer, contract: id } = await contract();
    const v2 = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data;
    expect(v2.spend_threshold_configuration).toEqual({ commit: { product_id: fixed, name: "Threshold prepayment" }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 1000 });
    const v1 = (await c().v1.contracts.retrieve({ customer_id: customer, contract_id: id })).data;
    expect(v1.current.spend_threshold_configuration).toEqual(v2.spend_threshold_configuration);

    // 60 calls = 600¢, then 50 more: 1100¢ ≥ 1000¢. One THRESHOLD invoice of 1100¢.
    await ingest(customer, 60);
    await ingest(customer, 50);
    let all = await until(customer, (a) => ofType(a, "THRESHOLD").length === 1 && usageDraft(a)?.total === 0);
    const first = ofType(all, "THRESHOLD")[0]!;
    expect([first.status, first.total, first.contract_id]).toEqual(["FINALIZED", 1100, id]);
    expect(first.line_items.map((l) => [l.type, l.name, l.quantity, l.unit_price, l.total, l.product_id, l.commit_type])).toEqual([
      ["commit_purchase", "Threshold prepayment", 1, 1100, 1100, fixed, "PrepaidCommit"],
    ]);
    expect(lines(usageDraft(all))).toEqual([["usage", 1100], ["applied_commit_or_credit", -1100]]);
    // The commit it bought is the contract's, drawn in full.
    const commits = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id, include_balance: true })).data.commits;
    expect(commits.map((cm) => [cm.type, cm.name, cm.access_schedule?.schedule_items.map((s) => s.amount), cm.balance])).toEqual([["PREPAID", "Threshold prepayment", [1100], 0]]);

    // 30 calls (300¢ unbilled, below), then 90 (1200¢): the second crossing bills 1200¢.
    await ingest(customer, 30);
    await ingest(customer, 90);
    all = await until(customer, (a) => ofType(a, "THRESHOLD").length === 2 && usageDraft(a)?.total === 0);
    expect(ofType(all, "THRESHOLD").map((i) => i.total).sort()).toEqual([1100, 1200]);
    // 230 calls = 2300¢ of usage; 1100¢ + 1200¢ drawn from the two commits; nothing owed.
    // (The two commits are alike but for their ids, which order their draws.)
    const draftLines = lines(usageDraft(all));
    expect(draftLines.filter(([type]) => type === "usage")).toEqual([["usage", 2300]]);
    expect(draftLines.filter(([type]) => type === "applied_commit_or_credit").map(([, total]) => total).sort()).toEqual([-1100, -1200].sort());
    expect(draftLines.length).toBe(3);
    // Breakdowns: a THRESHOLD invoice lies whole in the day of its date.
    const next = iso(new Date(Date.UTC(M1.getUTCFullYear(), M1.getUTCMonth() + 1, 1)));
    const windows = [];
    for await (const w of c().v1.customers.invoices.listBreakdowns({ customer_id: customer, starting_on: iso(M1), ending_before: next })) windows.push(w);
    for (const invoice of ofType(all, "THRESHOLD")) {
      expect(windows.filter((w) => w.id === invoice.id).reduce((n, w) => n + w.total, 0)).toBe(invoice.total);
    }
  });

  it("concurrent ingest (and, on PostgreSQL, refreshes from another process): the invoices and the draft add up to the usage, each crossing billed once", async () => {
    const { customer, contract: id } = await contract();
    // 12 batches of 25 calls (250¢), sent at once: 3000¢ in all.
    const db = server.databaseUrl ? await openPostgres(server.databaseUrl) : undefined;
    try {
      const refreshes = async () => {
        if (!db) return;
        for (let i = 0; i < 5; i++) {
          const queued = await nextRefreshBatch(db.prisma, 100);
          await Promise.all([refreshCustomers(db.prisma, queued, new Date()), refreshCustomers(db.prisma, queued, new Date())]);
        }
      };
      await Promise.all([...Array.from({ length: 12 }, () => ingest(customer, 25)), refreshes()]);
      await refreshes();
    } finally {
      await db?.close();
    }
    const all = await until(customer, (a) => {
      const billed = ofType(a, "THRESHOLD").reduce((n, i) => n + i.total, 0);
      return billed > 0 && billed + (usageDraft(a)?.total ?? 0) === 3000 && (usageDraft(a)?.total ?? 1000) < 1000;
    });
    const billed = ofType(all, "THRESHOLD");
    expect(billed.every((i) => i.total >= 1000 && i.contract_id === id)).toBe(true);
    expect(usageDraft(all).line_items.find((l) => l.type === "usage")?.total).toBe(3000);
    // Settled: nothing further is billed.
    await new Promise((r) => setTimeout(r, 3000));
    expect(ofType(await invoices(customer), "THRESHOLD").length).toBe(billed.length);
  });
  it("v2 edit adds a threshold once and updates it: lowering it below the unbilled 1500¢ bills them at once; disabling it stops billing", async () => {
    const customer = (await c().v1.customers.create({ name: `Edited ${++seq}` })).data.id;
    const id = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(M1) })).data.id;
    const edit = (body: object) => c().v2.contracts.edit({ customer_id: customer, contract_id: id, ...body });
    await expect(edit({ update_spend_threshold_configuration: { threshold_amount: 500 } })).rejects.toMatchObject({ status: 404, message: expect.stringContaining("update_spend_threshold_configuration") });
    await ingest(customer, 150); // 1500¢
    await edit({ add_spend_threshold_configuration: threshold({ threshold_amount: 2000 }) });
    await expect(edit({ add_spend_threshold_configuration: threshold() })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("update_spend_threshold_configuration") });
    await expect(edit({ update_spend_threshold_configuration: { payment_gate_config: { payment_gate_type: "STRIPE" } } })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("payment_gate_type") });
    expect((await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data.spend_threshold_configuration?.threshold_amount).toBe(2000);
    // 1500¢ < 2000¢. Lowered to 1000¢ (and renamed), the 1500¢ are billed.
    await edit({ update_spend_threshold_configuration: { threshold_amount: 1000, commit: { name: "Top-up" } } });
    expect((await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data.spend_threshold_configuration).toEqual({
      commit: { product_id: fixed, name: "Top-up" },
      is_enabled: true,
      payment_gate_config: { payment_gate_type: "NONE" },
      threshold_amount: 1000,
    });
    let all = await until(customer, (a) => ofType(a, "THRESHOLD").length === 1 && usageDraft(a)?.total === 0);
    expect(ofType(all, "THRESHOLD").map((i) => [i.total, i.line_items[0]!.name])).toEqual([[1500, "Top-up"]]);
    // Disabled: 120 calls more (1200¢) stay on the draft.
    await edit({ update_spend_threshold_configuration: { is_enabled: false } });
    await ingest(customer, 120);
    all = await until(customer, (a) => usageDraft(a)?.total === 1200);
    await new Promise((r) => setTimeout(r, 3000));
    all = await invoices(customer);
    expect([ofType(all, "THRESHOLD").length, usageDraft(all).total]).toEqual([1, 1200]);
  });
});
