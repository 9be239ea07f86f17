import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0, M1 } from "@/lib/test-support/last-month-draft";

// Account hierarchies through the SDK, parent pays: a child contract (another customer) names its
// parent with hierarchy_configuration; the child's usage is priced on its own contract, listed on
// the parent's invoice (each line's origin naming the child's invoice), and drawn from the
// parent's commits and credits with the parent's own usage; the child's invoice has nothing to pay
// and names its payer. What is not built (a child paying for itself, separate statements) is
// refused by name.
//
// Dates: M0 is the first of last month (an open DRAFT: long grace, long backdating); contracts
// start there, monthly from their start, so parent and child share their periods. Calls: 10¢.

const DAY = 24 * 3_600_000;
const iso = (d: Date) => d.toISOString();
const day = (n: number) => new Date(M0.getTime() + n * DAY);
const nextMonth = iso(new Date(Date.UTC(M1.getUTCFullYear(), M1.getUTCMonth() + 1, 1)));
const USD = USD_CENTS.id;
type Refusal = { status: number; error: { message: string } };
const refused = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (e: unknown) => e)) as Refusal;

describeEachDatabase("account hierarchies through the SDK", (kind) => {
  const { c, ids, contract, ingest, draft } = lastMonthDraft(kind, "Hierarchy");
  const child = (parent: { customer: string; contract: string }, terms: object = {}) =>
    contract({ hierarchy_configuration: { parent: { contract_id: parent.contract, customer_id: parent.customer }, payer: "PARENT", usage_statement_behavior: "CONSOLIDATE" }, ...terms });
  const lines = (invoice: { line_items: { type: string; total: number; origin?: { contract_id: string } }[] }) => invoice.line_items.map((l) => [l.type, l.total, l.origin?.contract_id ?? null]);

  it("the child's usage draws the parent's commit; the parent's invoice lists the child's lines and owes the rest; the child's owes nothing", async () => {
    const parent = await contract({
      hierarchy_configuration: { parent_behavior: { invoice_consolidation_type: "CONCATENATE" } },
      commits: [{ product_id: ids.fixed, type: "PREPAID", name: "Shared", priority: 1, access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 10000, starting_at: iso(M0), ending_before: nextMonth }] } }],
    });
    const kid = await child(parent);
    // Parent: 300 calls (3,000¢). Child: 1,200 calls (12,000¢). The $100 commit covers 10,000¢:
    // the parent owes 3,000 + 12,000 − 10,000 = 5,000¢.
    await ingest(parent.customer, [[day(3), 300]]);
    await ingest(kid.customer, [[day(5), 1200]]);

    const childInvoice = await draft(kid.customer, M0);
    expect([childInvoice.total, childInvoice.line_items, childInvoice.payer]).toEqual([0, [], { contract_id: parent.contract, customer_id: parent.customer }]);
    const invoice = await draft(parent.customer, M0);
    expect(lines(invoice)).toEqual([
      ["usage", 3000, null],
      ["usage", 12000, kid.contract],
      ["applied_commit_or_credit", -10000, null],
    ]);
    expect([invoice.subtotal, invoice.total]).toEqual([15000, 5000]);
    expect(invoice.line_items[1]).toMatchObject({ name: "Calls", quantity: 1200, unit_price: 10, origin: { customer_id: kid.customer, contract_id: kid.contract, invoice_id: childInvoice.id } });
    expect(invoice.constituent_invoices).toEqual([{ customer_id: kid.customer, contract_id: kid.contract, invoice_id: childInvoice.id }]);
    // The parent's breakdowns by day sum to its invoice, the child's usage in the day it fell in.
    const parentWindows = [];
    for await (const w of c().v1.customers.invoices.listBreakdowns({ customer_id: parent.customer, starting_on: iso(M0), ending_before: iso(M1) })) parentWindows.push(w);
    expect(parentWindows.reduce((n, w) => n + w.total, 0)).toBe(5000);
    const childDay = parentWindows.find((w) => w.breakdown_start_timestamp === iso(day(5)))!;
    expect(childDay.line_items.filter((l) => l.origin).map((l) => [l.type, l.total, l.origin!.contract_id])).toEqual([["usage", 12000, kid.contract]]);
    expect(parentWindows.flatMap((w) => w.line_items.filter((l) => l.origin && l.total !== 0)).length).toBe(1);
    // The child's breakdowns agree with its invoice: nothing in any window.
    const windows = [];
    for await (const w of c().v1.customers.invoices.listBreakdowns({ customer_id: kid.customer, starting_on: iso(M0), ending_before: iso(M1) })) windows.push(w);
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.every((w) => w.total === 0 && w.line_items.length === 0)).toBe(true);
    // The parent's commit is spent by both.
    const withBalance = (await c().v2.contracts.retrieve({ customer_id: parent.customer, contract_id: parent.contract, include_balance: true })).data;
    expect(withBalance.commits![0]!.balance).toBe(0);

    // Both contracts show their place in the hierarchy, v2 and v1, get and list.
    const parentConfig = { children: [{ contract_id: kid.contract, customer_id: kid.customer }], parent_behavior: { invoice_consolidation_type: "CONCATENATE" } };
    const childConfig = { parent: { contract_id: parent.contract, customer_id: parent.customer }, payer: "PARENT", usage_statement_behavior: "CONSOLIDATE" };
    expect(withBalance.hierarchy_configuration).toEqual(parentConfig);
    expect((await c().v2.contracts.list({ customer_id: kid.customer })).data[0]!.hierarchy_configuration).toEqual(childConfig);
    const v1Parent = (await c().v1.contracts.retrieve({ customer_id: parent.customer, contract_id: parent.contract })).data;
    expect([v1Parent.initial.hierarchy_configuration, v1Parent.current.hierarchy_configuration]).toEqual([parentConfig, parentConfig]);
    expect((await c().v1.contracts.list({ customer_id: kid.customer })).data[0]!.current.hierarchy_configuration).toEqual(childConfig);
  });

  it("two children, one at its own (overridden) price, drawn from the parent's credit after the parent's own usage", async () => {
    // The parent names no parent_behavior: it consolidates from its first child on.
    const parent = await contract({
      credits: [{ product_id: ids.fixed, name: "Pool", priority: 1, access_schedule: { credit_type_id: USD, schedule_items: [{ amount: 5000, starting_at: iso(M0), ending_before: nextMonth }] } }],
    });
    const first = await child(parent);
    const second = await child(parent, { overrides: [{ product_id: ids.calls, type: "MULTIPLIER", multiplier: 0.55, starting_at: iso(M0) }] });
    // Parent: 120 calls = 1,200¢. First child: 777 calls = 7,770¢. Second: 333 calls at 5.5¢ =
    // 1,831.5¢, rounded half-up to 1,832¢. The 5,000¢ credit covers the parent's 1,200¢ and then
    // 3,800¢ of the first child's: owed 1,200 + 7,770 + 1,832 − 5,000 = 5,802¢.
    await ingest(parent.customer, [[day(2), 120]]);
    await ingest(first.customer, [[day(4), 777]]);
    await ingest(second.customer, [[day(6), 333]]);
    const invoice = await draft(parent.customer, M0);
    expect(lines(invoice)).toEqual([
      ["usage", 1200, null],
      ["usage", 7770, first.contract],
      ["usage", 1832, second.contract],
      ["applied_commit_or_credit", -5000, null],
    ]);
    expect(invoice.total).toBe(5802);
    expect(invoice.constituent_invoices!.map((i) => i.contract_id)).toEqual([first.contract, second.contract]);
    for (const kid of [first, second]) expect((await draft(kid.customer, M0)).total).toBe(0);
    // Its own customer's reads stay exact: the second child's usage is on nobody else's invoice.
    expect((await c().v2.contracts.retrieve({ customer_id: parent.customer, contract_id: parent.contract })).data.hierarchy_configuration).toEqual({
      children: [first, second].map((k) => ({ contract_id: k.contract, customer_id: k.customer })),
      parent_behavior: { invoice_consolidation_type: "CONCATENATE" },
    });
  });

  describe("refusals, naming the field", () => {
    it("what is not built: a child paying for itself, separate statements, no consolidation", async () => {
      const parent = await contract({});
      const customer = (await c().v1.customers.create({ name: "Refused child" })).data.id;
      const base = { customer_id: customer, rate_card_id: ids.card, starting_at: iso(M0) };
      const parentRef = { contract_id: parent.contract, customer_id: parent.customer };
      const self = await refused(c().v1.contracts.create({ ...base, hierarchy_configuration: { parent: parentRef, payer: "SELF" } }));
      expect([self.status, self.error.message]).toEqual([400, expect.stringContaining('`hierarchy_configuration.payer`: "SELF" is not supported')]);
      const separate = await refused(c().v1.contracts.create({ ...base, hierarchy_configuration: { parent: parentRef, payer: "PARENT", usage_statement_behavior: "SEPARATE" } }));
      expect([separate.status, separate.error.message]).toEqual([400, expect.stringContaining('`hierarchy_configuration.usage_statement_behavior`: "SEPARATE" is not supported')]);
      const none = await refused(c().v1.contracts.create({ ...base, hierarchy_configuration: { parent_behavior: { invoice_consolidation_type: "NONE" } } }));
      expect([none.status, none.error.message]).toEqual([400, expect.stringContaining('`hierarchy_configuration.parent_behavior.invoice_consolidation_type`: "NONE" is not supported')]);
      const noPayer = await refused(c().v1.contracts.create({ ...base, hierarchy_configuration: { parent: parentRef } }));
      expect([noPayer.status, noPayer.error.message]).toEqual([400, expect.stringContaining("hierarchy_configuration.payer")]);
      const commitShare = await refused(c().v1.contracts.create({ ...base, commits: [{ product_id: ids.fixed, type: "PREPAID", access_schedule: { schedule_items: [{ amount: 1, starting_at: iso(M0), ending_before: nextMonth }] }, hierarchy_configuration: { child_access: { type: "ALL" } } }] }));
      expect([commitShare.status, commitShare.error.message]).toEqual([400, expect.stringContaining("`commits.0.hierarchy_configuration` is not supported")]);
      expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
    });

    it("a parent that is not another customer's live contract, a child of a child, a child with balances of its own or out of step with its parent", async () => {
      const parent = await contract({});
      const base = { rate_card_id: ids.card, starting_at: iso(M0) };
      const config = (p: { customer: string; contract: string }) => ({ parent: { contract_id: p.contract, customer_id: p.customer }, payer: "PARENT" as const });
      const own = await refused(c().v1.contracts.create({ ...base, customer_id: parent.customer, hierarchy_configuration: config(parent) }));
      expect([own.status, own.error.message]).toEqual([400, expect.stringContaining("hierarchy_configuration.parent.customer_id: a contract's parent is another customer's contract")]);
      const customer = (await c().v1.customers.create({ name: "Would-be child" })).data.id;
      const unknown = await refused(c().v1.contracts.create({ ...base, customer_id: customer, hierarchy_configuration: config({ customer: parent.customer, contract: customer }) }));
      expect([unknown.status, unknown.error.message]).toEqual([404, expect.stringContaining("hierarchy_configuration.parent")]);
      const kid = await child(parent);
      const grandchild = await refused(c().v1.contracts.create({ ...base, customer_id: customer, hierarchy_configuration: config(kid) }));
      expect([grandchild.status, grandchild.error.message]).toEqual([400, expect.stringContaining("is itself a child of contract")]);
      const withCommit = await refused(
        c().v1.contracts.create({ ...base, customer_id: customer, hierarchy_configuration: config(parent), credits: [{ product_id: ids.fixed, access_schedule: { schedule_items: [{ amount: 100, starting_at: iso(M0), ending_before: nextMonth }] } }] }),
      );
      expect([withCommit.status, withCommit.error.message]).toEqual([400, expect.stringContaining("credits")]);
      const early = await refused(c().v1.contracts.create({ ...base, starting_at: iso(new Date(M0.getTime() - 31 * DAY)), customer_id: customer, hierarchy_configuration: config(parent) }));
      expect([early.status, early.error.message]).toEqual([400, expect.stringContaining("the child contract starts before its parent does")]);
      const quarterly = await refused(c().v1.contracts.create({ ...base, customer_id: customer, usage_statement_schedule: { frequency: "QUARTERLY" }, hierarchy_configuration: config(parent) }));
      expect([quarterly.status, quarterly.error.message]).toEqual([400, expect.stringContaining("does not end with its parent's")]);
      expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
    });

    it("a parent is not archived, nor ended before its children, while it pays for them", async () => {
      const parent = await contract({});
      const kid = await child(parent);
      const archive = await refused(c().v1.contracts.archive({ customer_id: parent.customer, contract_id: parent.contract, void_invoices: false }));
      expect([archive.status, archive.error.message]).toEqual([409, expect.stringContaining(`contract ${kid.contract} (customer ${kid.customer}) is a child this contract pays for`)]);
      const end = await refused(c().v1.contracts.updateEndDate({ customer_id: parent.customer, contract_id: parent.contract, ending_before: nextMonth }));
      expect([end.status, end.error.message]).toEqual([400, expect.stringContaining("the child contract must end when its parent does or before")]);
      // Once the child ends first, so may the parent.
      await c().v1.contracts.updateEndDate({ customer_id: kid.customer, contract_id: kid.contract, ending_before: iso(M1) });
      await c().v1.contracts.updateEndDate({ customer_id: parent.customer, contract_id: parent.contract, ending_before: nextMonth });
      expect((await c().v2.contracts.retrieve({ customer_id: parent.customer, contract_id: parent.contract })).data.ending_before).toBe(nextMonth);
    });
  });
});
