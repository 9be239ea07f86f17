import { describe, expect, it } from "vitest";
import { historicalInvoice } from "./historical-invoices";
import { computeInvoice } from "./invoice";
import { at, contract, d, flatRate, index, product, rateCard, usage, usageProduct, win } from "./test-support/builders";

// A historical January (createHistoricalInvoices) on a contract with a 5,000¢ platform fee dated
// in January (billed on its own SCHEDULED invoice anyway) and a 1,000¢ credit: only the quantities given are billed, at the contract's rates
// (API at 10¢, overwritten to 7¢ from 01-16), and nothing is drawn.
const JANUARY = win("2024-01-01", "2024-02-01");
const idx = index(rateCard([flatRate("api", 10)]), [usageProduct("api", { name: "API" }), product("fee", "FIXED", { name: "Platform fee" }), product("free", "FIXED", { name: "Credit" })]);
const terms = contract({
  overrides: [{ id: "o", productId: "api", startingAt: at("2024-01-16"), type: "OVERWRITE", overwriteRate: { rateType: "FLAT", price: d(7) } }],
  scheduledCharges: [{ id: "fee", productId: "fee", schedule: { scheduleItems: [{ timestamp: at("2024-01-10"), amount: d(5000) }] } }],
  credits: [{ id: "credit", productId: "free", accessSchedule: { scheduleItems: [{ id: "s", amount: d(1000), ...JANUARY }] } }],
} as Parameters<typeof contract>[0]);

describe("historical invoices", () => {
  it("bills only the usage given, at the contract's rates, drawing nothing", () => {
    // 100 calls before the override (10¢) + 50 after (7¢) = 1,000¢ + 350¢ = 1,350¢.
    const usageGiven = [usage("api", 100, win("2024-01-01", "2024-01-16")), usage("api", 50, win("2024-01-16", "2024-02-01"))];
    const invoice = historicalInvoice(terms, idx, JANUARY, usageGiven);
    expect(invoice.lines.map((l) => [l.type, l.name, l.quantity?.toFixed(), l.unitPrice?.toFixed(), l.total.toFixed()])).toEqual([
      ["USAGE", "API", "100", "10", "1000"],
      ["USAGE", "API", "50", "7", "350"],
    ]);
    expect([invoice.subtotal.toFixed(), invoice.total.toFixed(), invoice.ledgerEntries]).toEqual(["1350", "1350", []]);
    // The same usage on the live contract's usage invoice draws the credit: 1,350 − 1,000 = 350¢.
    expect(computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: usageGiven }).total.toFixed()).toBe("350");
  });

  it("refuses usage the contract cannot price", () => {
    const late = index(rateCard([flatRate("api", 10, "2024-01-20")]), [usageProduct("api", { name: "API" })]);
    expect(() => historicalInvoice(contract(), late, JANUARY, [usage("api", 5, win("2024-01-02", "2024-01-03"))])).toThrow(/^product api cannot be priced from .*: it has no rate$/);
  });
});
