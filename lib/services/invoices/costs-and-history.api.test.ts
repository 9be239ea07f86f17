import { randomUUID } from "node:crypto";
import type { ContractCreateHistoricalInvoicesParams } from "@metronome/sdk/resources/v1/contracts/contracts";
import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/billing/money";
import { allPages } from "@/lib/test-support/all-pages";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { lastMonthDraft, M0, M1 } from "@/lib/test-support/last-month-draft";

// GET /v1/customers/{id}/costs and POST /v1/contracts/createHistoricalInvoices through the SDK,
// on the last-month fixture: Calls at 10¢ on List, contracts from M0 (the first of last month),
// whose month [M0, M1) has ended but is still an open draft.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString();
const at = (days: number, hours = 0) => new Date(M0.getTime() + days * DAY + hours * HOUR);
type Refusal = { status: number; error: { message: string } };
const refused = async (promise: Promise<unknown>) => (await promise.then(() => undefined, (e: unknown) => e)) as Refusal;

describeEachDatabase("customer costs and historical invoices through the SDK", (kind) => {
  const { c, ids, contract, ingest } = lastMonthDraft(kind, "Costs");

  describe("costs", () => {
    it("lists each UTC day's costs per credit type, with their lines, a page of days at a time", async () => {
      // A 500¢ setup charge on day 1; 3 calls on day 0 (30¢) and 5 on day 2 (50¢).
      const { customer } = await contract({ scheduled_charges: [{ product_id: ids.fixed, schedule: { schedule_items: [{ timestamp: iso(at(1)), amount: 500 }] } }] });
      await ingest(customer, [
        [at(0, 1), 3],
        [at(2, 5), 5],
      ]);
      const params = { customer_id: customer, starting_on: iso(at(0)), ending_before: iso(at(4)), limit: 3 };
      const first = await c().v1.customers.listCosts(params);
      expect(first.data.map((d) => d.start_timestamp)).toEqual([iso(at(0)), iso(at(1)), iso(at(2))]);
      expect(first.hasNextPage()).toBe(true);
      const usd = (cost: number, lines: [string, number][]) => ({
        [USD_CENTS.id]: { name: "USD (cents)", cost, line_item_breakdown: lines.map(([name, c]) => ({ name, cost: c })) },
      });
      expect(await allPages(c().v1.customers.listCosts(params))).toEqual([
        { start_timestamp: iso(at(0)), end_timestamp: iso(at(1)), credit_types: usd(30, [["Calls", 30]]) },
        { start_timestamp: iso(at(1)), end_timestamp: iso(at(2)), credit_types: usd(500, [["Allowance", 500]]) },
        { start_timestamp: iso(at(2)), end_timestamp: iso(at(3)), credit_types: usd(50, [["Calls", 50]]) },
        { start_timestamp: iso(at(3)), end_timestamp: iso(at(4)), credit_types: {} },
      ]);
    });

    it("refuses ranges that are not whole UTC days, and customers it does not have", async () => {
      const { customer } = await contract({});
      const partial = await refused(c().v1.customers.listCosts({ customer_id: customer, starting_on: iso(at(0, 5)), ending_before: iso(at(2)) }));
      expect([partial.status, partial.error.message]).toEqual([400, expect.stringContaining("starting_on: Must be a UTC midnight")]);
      const backwards = await refused(c().v1.customers.listCosts({ customer_id: customer, starting_on: iso(at(2)), ending_before: iso(at(1)) }));
      expect([backwards.status, backwards.error.message]).toEqual([400, expect.stringContaining("ending_before: Must be after starting_on")]);
      expect((await refused(c().v1.customers.listCosts({ customer_id: randomUUID(), starting_on: iso(at(0)), ending_before: iso(at(1)) }))).status).toBe(404);
    });
  });

  describe("historical invoices", () => {
    type HistoricalInvoice = ContractCreateHistoricalInvoicesParams.Invoice;
    const month = (customer: string, contractId: string, lines: HistoricalInvoice["usage_line_items"], extra: Partial<HistoricalInvoice> = {}): HistoricalInvoice => ({
      customer_id: customer,
      contract_id: contractId,
      credit_type_id: USD_CENTS.id,
      inclusive_start_date: iso(M0),
      exclusive_end_date: iso(M1),
      issue_date: iso(M1),
      usage_line_items: lines,
      ...extra,
    });

    it("previews, then stores, a past month's usage priced at the contract's rates; the month is closed by it", async () => {
      const { customer, contract: contractId } = await contract({});
      // Two calls measured here: the month's draft bills 20¢, until the historical invoice replaces it.
      await ingest(customer, [[at(3), 2]]);
      const invoice = month(customer, contractId, [{ product_id: ids.calls, inclusive_start_date: iso(M0), exclusive_end_date: iso(M1), quantity: 1234 }]);
      // 1,234 calls × 10¢ = 12,340¢.
      const preview = (await c().v1.contracts.createHistoricalInvoices({ invoices: [invoice], preview: true })).data;
      expect(preview.map((i) => [i.type, i.status, i.start_timestamp, i.end_timestamp, i.issued_at, i.total, i.line_items.map((l) => [l.name, l.quantity, l.unit_price, l.total])])).toEqual([
        ["USAGE", "FINALIZED", iso(M0), iso(M1), iso(M1), 12340, [["Calls", 1234, 10, 12340]]],
      ]);
      const listed = async () => (await c().v1.customers.invoices.list({ customer_id: customer, type: "USAGE" })).data.map((i) => [i.status, i.start_timestamp, i.total]);
      expect(await listed()).toEqual([
        ["DRAFT", iso(M0), 20],
        ["DRAFT", iso(M1), 0],
      ]);

      const [stored] = (await c().v1.contracts.createHistoricalInvoices({ invoices: [invoice], preview: false })).data;
      expect([stored!.status, stored!.contract_id, stored!.total, stored!.line_items.map((l) => [l.type, l.product_id, l.quantity, l.total])]).toEqual(["FINALIZED", contractId, 12340, [["usage", ids.calls, 1234, 12340]]]);
      expect((await c().v1.customers.invoices.retrieve({ customer_id: customer, invoice_id: stored!.id })).data).toEqual(stored);
      expect(await listed()).toEqual([
        ["FINALIZED", iso(M0), 12340],
        ["DRAFT", iso(M1), 0],
      ]);
      // The period is invoiced: a second historical invoice for it is refused.
      const again = await refused(c().v1.contracts.createHistoricalInvoices({ invoices: [invoice], preview: false }));
      expect([again.status, again.error.message]).toEqual([409, expect.stringContaining("is invoiced already")]);
      // Given, not measured: it has no daily breakdown.
      const windows = await refused(allPages(c().v1.customers.invoices.listBreakdowns({ customer_id: customer, starting_on: iso(M0), ending_before: iso(M1), window_size: "DAY", status: "FINALIZED" })));
      expect([windows.status, windows.error.message]).toEqual([409, expect.stringContaining("createHistoricalInvoices")]);
    });

    it("prices at the contract's overrides, by subtotal window and group", async () => {
      // Calls overwritten to 7¢: 100 + 50 = 150 calls × 7¢ = 1,050¢.
      const { customer, contract: contractId } = await contract({ overrides: [{ product_id: ids.calls, starting_at: iso(M0), type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: 7 } }] });
      const subtotals = [
        { inclusive_start_date: iso(M0), exclusive_end_date: iso(at(10)), quantity: 100 },
        { inclusive_start_date: iso(at(10)), exclusive_end_date: iso(M1), quantity: 50 },
      ];
      const line = { product_id: ids.calls, inclusive_start_date: iso(M0), exclusive_end_date: iso(M1), quantity: 150, subtotals_with_quantity: subtotals };
      const [stored] = (await c().v1.contracts.createHistoricalInvoices({ invoices: [month(customer, contractId, [line])], preview: false })).data;
      expect([stored!.total, stored!.line_items.map((l) => [l.name, l.quantity, l.unit_price, l.total])]).toEqual([1050, [["Calls", 150, 7, 1050]]]);
      // A quantity that is not the subtotals' sum is refused.
      const other = await contract({});
      const mismatch = await refused(c().v1.contracts.createHistoricalInvoices({ invoices: [month(other.customer, other.contract, [{ ...line, quantity: 151 }])], preview: false }));
      expect([mismatch.status, mismatch.error.message]).toEqual([400, expect.stringContaining("invoices.0.usage_line_items.0.quantity: Must equal the sum of subtotals_with_quantity")]);
    });

    it("refuses what it cannot bill, naming the field, and writes nothing when any invoice is refused", async () => {
      const { customer, contract: contractId } = await contract({});
      const calls = [{ product_id: ids.calls, inclusive_start_date: iso(M0), exclusive_end_date: iso(M1), quantity: 10 }];
      const good = month(customer, contractId, calls);
      const cases: [HistoricalInvoice, number, string][] = [
        [month(customer, contractId, [{ ...calls[0]!, inclusive_start_date: iso(at(1)) }], { inclusive_start_date: iso(at(1)) }), 400, "invoices.0.inclusive_start_date: must be the start of one of the contract's billing periods"],
        [month(customer, contractId, calls, { credit_type_id: randomUUID() }), 400, "invoices.0.credit_type_id: must be the contract's rate card credit type"],
        [month(customer, contractId, [{ ...calls[0]!, product_id: ids.fixed }]), 400, "invoices.1.usage_line_items.0.product_id: the contract's rate card does not price this product"],
        [month(customer, contractId, calls, { breakdown_granularity: "DAY" }), 400, "`invoices.1.breakdown_granularity` is not supported"],
        [month(customer, contractId, calls, { billable_status: "unbillable" }), 400, "invoices.1.billable_status"],
        [month(customer, randomUUID(), calls), 404, "invoices.1.contract_id: No contract has that id"],
      ];
      for (const [bad, status, message] of cases) {
        // The bad invoice first, or after a good one: either way nothing is stored.
        const invoices = message.startsWith("invoices.0") ? [bad] : [good, bad];
        const refusal = await refused(c().v1.contracts.createHistoricalInvoices({ invoices, preview: false }));
        expect([refusal.status, refusal.error.message], message).toEqual([status, expect.stringContaining(message)]);
      }
      // This month has not ended.
      const M2 = iso(new Date(Date.UTC(M1.getUTCFullYear(), M1.getUTCMonth() + 1, 1)));
      const thisMonth = month(customer, contractId, [{ ...calls[0]!, inclusive_start_date: iso(M1), exclusive_end_date: M2 }], { inclusive_start_date: iso(M1), exclusive_end_date: M2 });
      const current = await refused(c().v1.contracts.createHistoricalInvoices({ invoices: [thisMonth], preview: false }));
      expect([current.status, current.error.message]).toEqual([400, expect.stringContaining("invoices.0.exclusive_end_date: the period has not ended")]);
      expect((await c().v1.customers.invoices.list({ customer_id: customer, status: "FINALIZED" })).data).toEqual([]);
    });
  });
});
