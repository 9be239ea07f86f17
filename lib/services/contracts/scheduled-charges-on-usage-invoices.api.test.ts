import type Metronome from "@metronome/sdk";
import { expect, it } from "vitest";
import { billingClose } from "@/lib/test-support/billing-close";
import { closableMonths, grace, NEXT, P1, P2 } from "@/lib/test-support/closable-months";
import { describeEachDatabase } from "@/lib/test-support/databases";

// scheduled_charges_on_usage_invoices: ALL through the SDK: what a contract bills on a date that
// is the end of one of its periods is on that period's USAGE invoice instead of its own
// SCHEDULED invoice; anything dated elsewhere keeps its own. To the cent, after the period close.
//
// Dates: P2 the first of the month before last, P1 the first of last month, THIS the first of this
// month, NEXT the next. The grace lets the periods ending at P1 and THIS close. Calls are 10¢.

const DAY = 24 * 3_600_000;
const iso = (d: Date) => d.toISOString();

type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];

describeEachDatabase("scheduled charges on usage invoices through the SDK", (kind) => {
  const { c, server, ids, customer } = closableMonths(kind, { customer: "Consolidated", fixedProduct: "Platform" });
  async function closedInvoices(customerId: string, terms: Partial<ContractInput>) {
    await c().v1.contracts.create({ customer_id: customerId, rate_card_id: ids.card, starting_at: iso(P2), ending_before: iso(NEXT), ...terms } as ContractInput);
    const closed = await billingClose(server(), { graceHours: grace });
    expect(closed.status, closed.output).toBe(0);
    const list = (await c().v1.customers.invoices.list({ customer_id: customerId, status: "FINALIZED" })).data;
    return list
      .map((i) => [i.type, i.start_timestamp ?? "", i.total, i.line_items.map((l) => [l.name, l.total])] as const)
      .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
  }
  const fee = (at: Date, amount: number, name: string) => ({ product_id: ids.fixed, name, schedule: { schedule_items: [{ timestamp: iso(at), amount }] } });
  const midMonth = new Date(P2.getTime() + 14 * DAY);

  it("a fee dated at the first period's end is on its usage invoice; one dated mid-month keeps its own; without ALL both have their own", async () => {
    // P2: 30 calls = 300¢, + the 5,000¢ fee dated P1 = 5,300¢; the 700¢ setup of mid-P2 alone.
    const terms = { scheduled_charges: [fee(P1, 5000, "Platform fee"), fee(midMonth, 700, "Setup")] };
    const cust = await customer([[new Date(P2.getTime() + 2 * DAY), 30]]);
    expect(await closedInvoices(cust, { ...terms, scheduled_charges_on_usage_invoices: "ALL" })).toEqual([
      ["USAGE", iso(P2), 5300, [["Calls", 300], ["Platform fee", 5000]]],
      ["SCHEDULED", iso(midMonth), 700, [["Setup", 700]]],
      ["USAGE", iso(P1), 0, []],
    ]);
    const contract = (await c().v2.contracts.list({ customer_id: cust })).data[0]!;
    expect(contract.scheduled_charges_on_usage_invoices).toBe("ALL");

    const plain = await customer([[new Date(P2.getTime() + 2 * DAY), 30]]);
    expect(await closedInvoices(plain, terms)).toEqual([
      ["USAGE", iso(P2), 300, [["Calls", 300]]],
      ["SCHEDULED", iso(midMonth), 700, [["Setup", 700]]],
      ["SCHEDULED", iso(P1), 5000, [["Platform fee", 5000]]],
      ["USAGE", iso(P1), 0, []],
    ]);
    expect((await c().v2.contracts.list({ customer_id: plain })).data[0]!).not.toHaveProperty("scheduled_charges_on_usage_invoices");
  });

  it("a commit bought at a period's end is billed on that usage invoice, and draws the next period's usage", async () => {
    // P2: 10 calls = 100¢ + the 2,000¢ purchase dated P1 = 2,100¢. P1: 50 calls = 500¢, all drawn
    // from the commit (1,500¢ left): 0¢.
    const cust = await customer([[new Date(P2.getTime() + DAY), 10], [new Date(P1.getTime() + DAY), 50]]);
    const commit = {
      product_id: ids.fixed,
      type: "PREPAID" as const,
      name: "Prepaid",
      access_schedule: { schedule_items: [{ amount: 2000, starting_at: iso(P1), ending_before: iso(NEXT) }] },
      invoice_schedule: { schedule_items: [{ timestamp: iso(P1), amount: 2000 }] },
    };
    const invoices = await closedInvoices(cust, { commits: [commit], scheduled_charges_on_usage_invoices: "ALL" });
    expect(invoices.map(([type, start, total]) => [type, start, total])).toEqual([
      ["USAGE", iso(P2), 2100],
      ["USAGE", iso(P1), 0],
    ]);
    expect(invoices[0]![3]).toEqual([["Calls", 100], ["Prepaid", 2000]]);
    // Closing again bills the purchase on nothing else.
    expect((await billingClose(server(), { graceHours: grace })).output).toMatch(/Finalized 0 invoice/);
  });
});
