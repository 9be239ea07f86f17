import { describe, expect, it } from "vitest";
import type { Commit, Contract, Credit } from "./contract-terms";
import { sum } from "./decimal";
import { computeInvoice } from "./invoice";
import { computeScheduledInvoices } from "./scheduled-invoices";
import { USD_CENTS } from "./money";
import { at, contract, d, flatRate, index, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { CreditType, Invoice, LedgerEntry, Rate } from "./types";

const GPU: CreditType = { id: "gpu-credits", name: "GPU credits", precision: 2 };
const JANUARY = win("2024-01-01", "2024-02-01");
const DECEMBER = win("2024-12-01", "2025-01-01");

const products = [
  usageProduct("api", { name: "API", tags: ["ai"] }),
  usageProduct("gpu", { name: "GPU hours" }),
  product("support", "COMPOSITE", { name: "Support", compositeTags: ["ai"] }),
  product("seats", "SUBSCRIPTION", { name: "Seats" }),
  product("fixed", "FIXED", { name: "Fixed" }),
];
const rates: Rate[] = [
  flatRate("api", 10),
  flatRate("gpu", 4, "2024-01-01", { creditType: GPU }),
  { productId: "support", rateType: "PERCENTAGE", price: d("0.1"), startingAt: at("2024-01-01"), entitled: true },
  { productId: "seats", rateType: "SUBSCRIPTION", price: d(1000), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true },
];
const idx = index(rateCard(rates, { creditTypeConversions: [{ customCreditType: GPU, fiatPerCustomCredit: d(150) }] }), products);
const segment = (id: string, amount: number, from = "2024-01-01", to = "2025-01-01") => ({ id, amount: d(amount), startingAt: at(from), endingBefore: at(to) });

const prepaid: Commit = {
  id: "prepaid",
  type: "PREPAID",
  productId: "fixed",
  name: "Prepaid commit",
  priority: 2,
  applicableProductTags: ["ai"],
  accessSchedule: { scheduleItems: [segment("p1", 2000)] },
  invoiceSchedule: { scheduleItems: [{ timestamp: at("2024-01-01"), amount: d(1800) }] },
};
const postpaid: Commit = {
  id: "minimum",
  type: "POSTPAID",
  productId: "fixed",
  accessSchedule: { scheduleItems: [segment("m1", 100000)] },
};
const promo: Credit = { id: "promo", productId: "fixed", name: "Promo", priority: 1, accessSchedule: { scheduleItems: [segment("c1", 500)] } };
const gpuCredit: Credit = { id: "gpu-grant", productId: "fixed", accessSchedule: { creditType: GPU, scheduleItems: [segment("g1", 30)] } };

const terms = contract({
  endingBefore: at("2025-01-01"),
  commits: [prepaid, postpaid],
  credits: [promo, gpuCredit],
  subscriptions: [{ id: "team", productId: "seats", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(3), startingAt: at("2024-01-01") }] }],
  scheduledCharges: [
    { id: "setup", productId: "fixed", name: "Setup", schedule: { scheduleItems: [{ timestamp: at("2024-01-02"), amount: d(700) }] } },
    { id: "goodwill", productId: "fixed", name: "Goodwill", schedule: { scheduleItems: [{ timestamp: at("2024-01-03"), amount: d(-250) }] } },
  ],
  percentageDiscounts: [{ id: "launch", name: "Launch 10%", fraction: d("0.1"), applicableProductIds: ["api"], startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }],
});

const lines = (invoice: Invoice) =>
  invoice.lines.map((l) => [l.type, l.name, l.creditType === USD_CENTS ? "¢" : "gpu", l.total.toString()]);

describe("computeScheduledInvoices", () => {
  it("bills scheduled charges and commit purchases on their own invoices, one per date and credit type", () => {
    const gpuFee = { id: "gpu-fee", productId: "fixed", name: "GPU reservation", schedule: { creditType: GPU, scheduleItems: [{ timestamp: at("2024-01-02"), amount: d(5) }] } };
    const invoices = computeScheduledInvoices(contract({ ...terms, scheduledCharges: [...terms.scheduledCharges!, gpuFee] }), idx, JANUARY);
    expect(invoices.map((i) => [i.startingAt.toISOString().slice(0, 10), i.creditType.id, i.total.toString(), i.lines.map((l) => `${l.type} ${l.name}`)])).toEqual([
      ["2024-01-01", USD_CENTS.id, "1800", ["COMMIT_PURCHASE Prepaid commit"]],
      ["2024-01-02", USD_CENTS.id, "700", ["SCHEDULED_CHARGE Setup"]],
      ["2024-01-02", GPU.id, "5", ["SCHEDULED_CHARGE GPU reservation"]],
    ]);
    // The date is the invoice's window; the negative "Goodwill" charge stays a usage-invoice discount.
    expect(invoices[0]).toMatchObject({ contractId: "contract", endingBefore: at("2024-01-01"), subtotal: d(1800), ledgerEntries: [], unbilledUsage: [] });
    expect(computeScheduledInvoices(terms, idx, win("2024-01-03", "2024-02-01"))).toEqual([]);
  });
});

describe("computeInvoice", () => {
  const invoice = computeInvoice({
    contract: terms,
    rateCard: idx,
    period: JANUARY,
    usage: [usage("api", 300, JANUARY), usage("gpu", 20, JANUARY)],
  });

  it("assembles charges, discounts, applied balances and conversions in a checkable order", () => {
    expect(lines(invoice)).toEqual([
      ["USAGE", "API", "¢", "3000"], // 300 × 10¢
      ["USAGE", "GPU hours", "gpu", "80"], // 20 × 4 GPU credits
      ["USAGE", "Support", "¢", "300"], // 10% of the ai-tagged spend
      ["SUBSCRIPTION", "Seats", "¢", "3000"], // 3 seats × $10 in advance
      ["DISCOUNT", "Launch 10%", "¢", "-300"], // 10% of the API line
      ["APPLIED_COMMIT_OR_CREDIT", "Promo", "¢", "-500"], // priority 1 first, on the oldest charge: API
      ["APPLIED_COMMIT_OR_CREDIT", "Prepaid commit", "¢", "-2000"], // ai-tagged only: what is left of API (2200)
      ["APPLIED_COMMIT_OR_CREDIT", "Fixed", "gpu", "-30"],
      ["DISCOUNT", "Goodwill", "¢", "-250"],
      ["CPU_CONVERSION", "GPU credits in USD (cents)", "¢", "7500"], // 50 GPU credits left × 150¢
    ]);
  });

  it("lists the charges in the rate card's product order, changing no amount", () => {
    const ordered = index(rateCard(rates, { creditTypeConversions: [{ customCreditType: GPU, fiatPerCustomCredit: d(150) }], productOrder: ["seats", "gpu", "nowhere"] }), products);
    const reordered = computeInvoice({ contract: terms, rateCard: ordered, period: JANUARY, usage: [usage("api", 300, JANUARY), usage("gpu", 20, JANUARY)] });
    // Listed products first (an id the card does not price is no matter), the rest as computed; adjustments stay after the charges.
    expect(lines(reordered).map((l) => l[1])).toEqual(["Seats", "GPU hours", "API", "Support", "Launch 10%", "Promo", "Prepaid commit", "Fixed", "Goodwill", "GPU credits in USD (cents)"]);
    expect(new Set(lines(reordered).map(String))).toEqual(new Set(lines(invoice).map(String)));
    expect([reordered.total, reordered.subtotal, reordered.ledgerEntries]).toEqual([invoice.total, invoice.subtotal, invoice.ledgerEntries]);
  });

  it("totals the lines in the invoice's credit type; the subtotal is before adjustments", () => {
    const fiat = invoice.lines.filter((l) => l.creditType.id === USD_CENTS.id);
    expect(invoice.total).toEqual(sum(fiat.map((l) => l.total)));
    expect(invoice.total.toString()).toBe("10750");
    expect(invoice.subtotal.toString()).toBe("13800");
    expect(invoice).toMatchObject({ contractId: "contract", creditType: USD_CENTS, ...JANUARY, unbilledUsage: [] });
  });

  it("reports what it drew from each segment, postpaid consumption included", () => {
    expect(invoice.ledgerEntries.map((e) => [e.commitId, e.segmentId, e.type, e.amount.toString(), e.timestamp.toISOString().slice(0, 10)])).toEqual([
      ["promo", "c1", "INVOICE_DEDUCTION", "-500", "2024-01-01"],
      ["prepaid", "p1", "INVOICE_DEDUCTION", "-2000", "2024-01-01"],
      ["gpu-grant", "g1", "INVOICE_DEDUCTION", "-30", "2024-01-01"],
      // What is still billed in USD counts towards the minimum: API 200 + Support 300 + Seats 3000.
      ["minimum", "m1", "INVOICE_DEDUCTION", "-3500", "2024-01-01"],
    ]);
  });

  it("respects what the ledger already drew", () => {
    const ledger: LedgerEntry[] = [{ commitId: "promo", segmentId: "c1", type: "INVOICE_DEDUCTION", amount: d(-500), timestamp: at("2023-12-31") }];
    const again = computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: [usage("api", 300, JANUARY)], ledger });
    expect(again.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => [l.commitId, l.total.toString()])).toEqual([["prepaid", "-2000"]]);
  });

  it("trues up a postpaid commit's unspent minimum on the invoice holding its end", () => {
    const consumed: LedgerEntry[] = [{ commitId: "minimum", segmentId: "m1", type: "INVOICE_DEDUCTION", amount: d(-90000), timestamp: at("2024-11-01") }];
    const december = computeInvoice({ contract: terms, rateCard: idx, period: DECEMBER, usage: [], ledger: consumed });
    // The promo credit covers 500 of the seats; the billed 2500 counts: 100000 − 90000 − 2500 = 7500 to true up.
    expect(december.lines.filter((l) => l.type === "POSTPAID_TRUEUP").map((l) => [l.commitId, l.commitType, l.total.toString(), l.startingAt.toISOString()])).toEqual([
      ["minimum", "POSTPAID", "7500", "2025-01-01T00:00:00.000Z"],
    ]);
    expect(december.ledgerEntries.filter((e) => e.type === "TRUEUP").map((e) => e.amount.toString())).toEqual(["-7500"]);
    const met: LedgerEntry[] = [{ ...consumed[0]!, amount: d(-100000) }];
    expect(computeInvoice({ contract: terms, rateCard: idx, period: DECEMBER, usage: [], ledger: met }).lines.some((l) => l.type === "POSTPAID_TRUEUP")).toBe(false);
    expect(computeInvoice({ contract: terms, rateCard: idx, period: win("2024-11-01", "2024-12-01"), usage: [] }).lines.some((l) => l.type === "POSTPAID_TRUEUP")).toBe(false);
  });

  it("trues up at the contract's end when it ends before the commit does", () => {
    const short: Contract = { ...terms, endingBefore: at("2024-02-01") };
    const last = computeInvoice({ contract: short, rateCard: idx, period: JANUARY, usage: [] });
    // Seats 3000, of which the promo credit covers 500: 100000 − 2500 is trued up.
    expect(last.lines.find((l) => l.type === "POSTPAID_TRUEUP")!.total.toString()).toBe("97500");
    const empty: Contract = { ...terms, commits: [{ ...postpaid, accessSchedule: { scheduleItems: [] } }] };
    expect(computeInvoice({ contract: empty, rateCard: idx, period: JANUARY, usage: [] }).lines.some((l) => l.type === "POSTPAID_TRUEUP")).toBe(false);
  });

  it("shows an application over the part of the period its segment covers, and converts nothing a balance covered", () => {
    const lateCredit: Credit = { id: "late", productId: "fixed", applicableProductIds: ["api"], accessSchedule: { scheduleItems: [segment("l", 100000, "2024-01-10", "2024-03-01")] } };
    const gpuGrant: Credit = { ...gpuCredit, accessSchedule: { creditType: GPU, scheduleItems: [segment("g", 1000)] } };
    const invoice = computeInvoice({
      contract: contract({ credits: [lateCredit, gpuGrant] }),
      rateCard: idx,
      period: JANUARY,
      usage: [usage("api", 5, win("2024-01-10", "2024-02-01")), usage("gpu", 5, JANUARY)],
    });
    const applied = invoice.lines.find((l) => l.commitId === "late")!;
    expect([applied.startingAt, applied.endingBefore]).toEqual([at("2024-01-10"), at("2024-02-01")]);
    expect(invoice.lines.some((l) => l.type === "CPU_CONVERSION")).toBe(false);
    expect(invoice.total.toString()).toBe("5"); // only the support fee on the API spend is left

  });

  it("refuses custom-unit spend it cannot convert, and subscriptions without an entitled rate", () => {
    const noConversion = index(rateCard(rates), products);
    expect(() => computeInvoice({ contract: contract(), rateCard: noConversion, period: JANUARY, usage: [usage("gpu", 1, JANUARY)] })).toThrow(
      /rate card rc has no fiat conversion for GPU credits/,
    );
    const quarterly = contract({ subscriptions: [{ ...terms.subscriptions![0]!, billingFrequency: "QUARTERLY" }] });
    expect(() => computeInvoice({ contract: quarterly, rateCard: idx, period: JANUARY, usage: [] })).toThrow(/no entitled QUARTERLY rate for seats/);
  });

  it("validates the contract and the period", () => {
    expect(() => computeInvoice({ contract: terms, rateCard: idx, period: win("2025-01-01", "2025-02-01"), usage: [] })).toThrow(/within the contract/);
    expect(() => computeInvoice({ contract: { ...terms, startingAt: at("2024-01-01T00:30") }, rateCard: idx, period: JANUARY, usage: [] })).toThrow(
      /hour boundary/,
    );
  });

  it("bills a zero-usage period as zero", () => {
    const empty = computeInvoice({ contract: contract(), rateCard: idx, period: JANUARY, usage: [] });
    expect(empty).toMatchObject({ lines: [], ledgerEntries: [], unbilledUsage: [] });
    expect(empty.total.toString()).toBe("0");
  });
});
