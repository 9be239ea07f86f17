import { describe, expect, it } from "vitest";
import type { Contract } from "./contract-terms";
import { computeInvoice } from "./invoice";
import { USD_CENTS } from "./money";
import { computeScheduledInvoices, onUsageInvoice } from "./scheduled-invoices";
import { at, contract, d, flatRate, index, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { CreditType, Invoice } from "./types";

// scheduled_charges_on_usage_invoices: ALL. A monthly contract from 2024-01-01: the January usage
// invoice is [01-01, 02-01), so what is dated 02-01 (its end) goes on it; what is dated inside
// the month, or in a custom unit, keeps its own SCHEDULED invoice.
const GPU: CreditType = { id: "gpu-credits", name: "GPU credits", precision: 2 };
const JANUARY = win("2024-01-01", "2024-02-01");
const idx = index(rateCard([flatRate("api", 10)], { creditTypeConversions: [{ customCreditType: GPU, fiatPerCustomCredit: d(150) }] }), [
  usageProduct("api", { name: "API" }),
  product("fee", "FIXED", { name: "Platform fee" }),
  product("fixed", "FIXED", { name: "Prepaid" }),
]);
const terms: Contract = contract({
  scheduledCharges: [
    { id: "fee", productId: "fee", schedule: { scheduleItems: [{ timestamp: at("2024-02-01"), amount: d(5000) }, { timestamp: at("2024-01-15"), amount: d(700) }] } },
    { id: "gpu-fee", productId: "fee", name: "GPU reservation", schedule: { creditType: GPU, scheduleItems: [{ timestamp: at("2024-02-01"), amount: d(5) }] } },
  ],
  commits: [
    {
      id: "prepaid",
      type: "PREPAID",
      productId: "fixed",
      accessSchedule: { scheduleItems: [{ id: "s", amount: d(1000), ...win("2024-02-01", "2025-01-01") }] },
      invoiceSchedule: { scheduleItems: [{ timestamp: at("2024-02-01"), amount: d(1000) }] },
    },
  ],
});
const consolidated = { ...terms, scheduledChargesOnUsageInvoices: true };
const lines = (invoice: Invoice) => invoice.lines.map((l) => [l.type, l.name, l.total.toString()]);
const scheduled = (c: Contract) => computeScheduledInvoices(c, idx, win("2024-01-01", "2024-03-01")).map((i) => [i.startingAt.toISOString().slice(0, 10), i.creditType.id, i.total.toString()]);

describe("scheduled charges on usage invoices", () => {
  it("without it, every charge and purchase has its own SCHEDULED invoice", () => {
    expect(scheduled(terms)).toEqual([
      ["2024-01-15", USD_CENTS.id, "700"],
      ["2024-02-01", USD_CENTS.id, "6000"], // 5,000¢ fee + 1,000¢ commit purchase
      ["2024-02-01", GPU.id, "5"],
    ]);
    expect(computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: [usage("api", 30, JANUARY)] }).total).toEqual(d(300));
  });

  it("with ALL, what is dated at a period's end in the rate card's currency is on that period's usage invoice", () => {
    // January: 30 calls × 10¢ = 300¢, + the 5,000¢ fee and the 1,000¢ purchase dated 02-01 = 6,300¢.
    const january = computeInvoice({ contract: consolidated, rateCard: idx, period: JANUARY, usage: [usage("api", 30, JANUARY)] });
    expect(lines(january)).toEqual([
      ["USAGE", "API", "300"],
      ["SCHEDULED_CHARGE", "Platform fee", "5000"],
      ["COMMIT_PURCHASE", "Prepaid", "1000"],
    ]);
    expect([january.subtotal, january.total]).toEqual([d(6300), d(6300)]);
    // The 01-15 fee and the GPU one keep their invoices; nothing dated 02-01 in cents does.
    expect(scheduled(consolidated)).toEqual([
      ["2024-01-15", USD_CENTS.id, "700"],
      ["2024-02-01", GPU.id, "5"],
    ]);
    // February's invoice bills none of it (02-01 is its start, not its end).
    const february = win("2024-02-01", "2024-03-01");
    expect(computeInvoice({ contract: consolidated, rateCard: idx, period: february, usage: [] }).total).toEqual(d(0));
  });

  it("a period's end is the contract's cycle, clamped to its end", () => {
    const line = (date: string) => ({ type: "SCHEDULED_CHARGE" as const, name: "x", startingAt: at(date), endingBefore: at(date), creditType: USD_CENTS, total: d(1) });
    const ending = { ...consolidated, endingBefore: at("2024-02-10") };
    expect([onUsageInvoice(ending, idx, line("2024-02-01")), onUsageInvoice(ending, idx, line("2024-02-10")), onUsageInvoice(ending, idx, line("2024-02-09"))]).toEqual([true, true, false]);
    expect(onUsageInvoice(terms, idx, line("2024-02-01"))).toBe(false);
  });
});
