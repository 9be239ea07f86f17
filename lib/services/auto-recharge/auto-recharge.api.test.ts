import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0 } from "@/lib/test-support/last-month-draft";

// Auto-recharge through the SDK, on both databases, to the cent: prepaid_balance_threshold_configuration
// on create (and add_/update_ on v2 edit), the recharge the server's billing-state job buys
// when the balance falls to the threshold (every 2 s, so the test polls), its SCHEDULED invoice,
// the balances and v2 get. Calls cost 10¢.
//
// Dates. The server prices at the real clock. Contracts start at M0, the first of last month,
// which stays an open DRAFT (a long grace period) and takes events (a long backdating window);
// a recharge is usable from the start of the hour it is bought in, so last month's usage never
// draws on it, and usage sent now does.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const today = new Date();
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);
const END = iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 3, 1)));

describeEachDatabase("auto-recharge through the SDK", (kind) => {
  const { c, server, ids, contract } = lastMonthDraft(kind, "Recharge", "Prepaid");

  /** A $100 prepaid commit (priority 1) bought at M0, usable until END. */
  const prepaid = () => ({
    product_id: ids.fixed,
    type: "PREPAID" as const,
    name: "Prepaid",
    priority: 1,
    access_schedule: { schedule_items: [{ amount: 10000, starting_at: iso(M0), ending_before: END }] },
    invoice_schedule: { schedule_items: [{ timestamp: iso(M0), amount: 10000 }] },
  });
  /** Recharge to $60 when $20 or less is left. */
  const recharge = () => ({ commit: { product_id: ids.fixed, name: "Auto-recharge" }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" as const }, threshold_amount: 2000, recharge_to_amount: 6000 });
  const events = (customer: string, at: Date, count: number) => Array.from({ length: count }, () => ({ transaction_id: randomUUID(), customer_id: customer, event_type: "call", timestamp: iso(at) }));
  /** The customer's commits as [name, granted, balance now], by name then amount. */
  async function balances(customer: string) {
    const page = await c().v1.contracts.listBalances({ customer_id: customer, include_contract_balances: true, include_balance: true });
    return page.data.map((b) => [b.name, b.access_schedule!.schedule_items[0]!.amount, b.balance]).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  }
  /** Polls until the customer has `n` recharge commits (the job runs every 2 s), then a little longer to see no more come. */
  async function recharges(customer: string, n: number) {
    const count = async () => (await balances(customer)).filter((b) => b[0] === "Auto-recharge").length;
    for (let i = 0; i < 150 && (await count()) < n; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 4500));
    expect(await count()).toBe(n);
  }
  async function scheduled(customer: string) {
    const invoices = (await c().v1.customers.invoices.list({ customer_id: customer, type: "SCHEDULED" })).data;
    return invoices.map((i) => [i.status, i.total, i.line_items.map((l) => [l.type, l.name, l.total])]).sort((a, b) => Number(b[1]) - Number(a[1]));
  }

  it("850 ids.calls leave $15 of $100: $45 is bought and invoiced at once; 400 ids.calls now take it to $20 and buy $40", async () => {
    const s = await contract({ commits: [prepaid()], prepaid_balance_threshold_configuration: recharge() });
    const { data } = await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract });
    expect(data.prepaid_balance_threshold_configuration).toEqual({
      commit: { product_id: ids.fixed, name: "Auto-recharge", applicable_product_ids: [], applicable_product_tags: [] },
      is_enabled: true,
      payment_gate_config: { payment_gate_type: "NONE" },
      threshold_amount: 2000,
      recharge_to_amount: 6000,
    });

    // Last month: 850 calls = 8,500¢, all drawn from the commit: 1,500 left ≤ 2,000 → 6,000 − 1,500 = 4,500.
    await c().v1.usage.ingest({ usage: events(s.customer, day(5), 850) });
    await recharges(s.customer, 1);
    expect(await balances(s.customer)).toEqual([
      ["Auto-recharge", 4500, 4500],
      ["Prepaid", 10000, 1500],
    ]);
    expect(await scheduled(s.customer)).toEqual([
      ["FINALIZED", 10000, [["commit_purchase", "Prepaid", 10000]]],
      ["FINALIZED", 4500, [["commit_purchase", "Auto-recharge", 4500]]],
    ]);

    // Now: 400 calls = 4,000¢. The commit (priority 1) draws its 1,500, the recharge (priority
    // 100) 2,500: 2,000 left, at the threshold → 6,000 − 2,000 = 4,000.
    await c().v1.usage.ingest({ usage: events(s.customer, new Date(), 400) });
    await recharges(s.customer, 2);
    expect(await balances(s.customer)).toEqual([
      ["Auto-recharge", 4000, 4000],
      ["Auto-recharge", 4500, 2000],
      ["Prepaid", 10000, 0],
    ]);
    expect((await scheduled(s.customer)).map((i) => i[1])).toEqual([10000, 4500, 4000]);
    const commits = (await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data.commits.filter((x) => x.name === "Auto-recharge");
    const described = commits.map((x) => [x.type, x.priority, x.product.id, x.invoice_schedule?.schedule_items?.map((i) => [i.amount, typeof i.invoice_id])]);
    expect(described.sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      ["PREPAID", 100, ids.fixed, [[4000, "string"]]],
      ["PREPAID", 100, ids.fixed, [[4500, "string"]]],
    ]);
    // v1: the recharges are in `current` (not among the initial terms), with the configuration.
    const v1 = (await c().v1.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract })).data;
    expect(v1.initial.commits.map((x) => x.name)).toEqual(["Prepaid"]);
    expect(v1.current.commits.map((x) => x.name).sort()).toEqual(["Auto-recharge", "Auto-recharge", "Prepaid"]);
    expect(v1.current.prepaid_balance_threshold_configuration).toMatchObject({ threshold_amount: 2000, recharge_to_amount: 6000, is_enabled: true });
    expect(v1.initial.prepaid_balance_threshold_configuration).toBeUndefined();
  });

  it("ten concurrent ingests of one crossing buy one recharge, invoiced at its payment_fraction; the configuration added and changed by v2 edit", async () => {
    const s = await contract({ commits: [prepaid()] });
    await c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, add_prepaid_balance_threshold_configuration: { ...recharge(), threshold_amount: 1000, discount_configuration: { payment_fraction: 0.85 } } });
    await c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, update_prepaid_balance_threshold_configuration: { threshold_amount: 2000, commit: { priority: 50 } } });
    // 10 × 85 calls = 8,500¢ last month, sent at once while the job refreshes: the balance
    // passes 2,000 only with the last of them (9 batches leave 2,350), so whatever the job
    // sees in between, it buys once: 6,000 − 1,500 = 4,500.
    await Promise.all(Array.from({ length: 10 }, () => c().v1.usage.ingest({ usage: events(s.customer, day(5), 85) })));
    await recharges(s.customer, 1);
    expect(await balances(s.customer)).toEqual([
      ["Auto-recharge", 4500, 4500],
      ["Prepaid", 10000, 1500],
    ]);
    // Invoiced at 85%: 4,500 × 0.85 = 3,825.
    expect(await scheduled(s.customer)).toEqual([
      ["FINALIZED", 10000, [["commit_purchase", "Prepaid", 10000]]],
      ["FINALIZED", 3825, [["commit_purchase", "Auto-recharge", 3825]]],
    ]);
    const { data } = await c().v2.contracts.retrieve({ customer_id: s.customer, contract_id: s.contract });
    expect(data.prepaid_balance_threshold_configuration).toMatchObject({ threshold_amount: 2000, recharge_to_amount: 6000, commit: { priority: 50 }, discount_configuration: { payment_fraction: 0.85 } });
    expect(data.commits.find((x) => x.name === "Auto-recharge")?.priority).toBe(50);
    const listed = (await c().v2.contracts.list({ customer_id: s.customer })).data;
    expect(listed.map((x) => x.prepaid_balance_threshold_configuration?.threshold_amount)).toEqual([2000]);
  });

  it("refuses by name what it does not do: a Stripe gate, commit specifiers, a custom credit type", async () => {
    const customer = (await c().v1.customers.create({ name: "Refused" })).data.id;
    const refused = (config: object) =>
      server().fetch("/v1/contracts/create", { method: "POST", json: { customer_id: customer, rate_card_id: ids.card, starting_at: iso(M0), prepaid_balance_threshold_configuration: { ...recharge(), ...config } } });
    const stripe = await refused({ payment_gate_config: { payment_gate_type: "STRIPE" } });
    expect([stripe.status, (await stripe.json()).message]).toEqual([400, 'Invalid request: `prepaid_balance_threshold_configuration.payment_gate_config.payment_gate_type`: "STRIPE" is not supported']);
    const specifiers = await refused({ commit: { product_id: ids.fixed, specifiers: [{ product_id: ids.calls }] } });
    expect([specifiers.status, (await specifiers.json()).message]).toEqual([400, "Invalid request: `prepaid_balance_threshold_configuration.commit.specifiers` is not supported"]);
    const custom = await refused({ custom_credit_type_id: randomUUID() });
    expect([custom.status, (await custom.json()).message]).toEqual([400, "Invalid request: `prepaid_balance_threshold_configuration.custom_credit_type_id` is not supported"]);
    expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
  });
});
