import { describe, expect, it } from "vitest";
import { computeBalances } from "./balances";
import { childPeriodIn, childStatement, paidByParent, validateChild } from "./hierarchy";
import { computeInvoice } from "./invoice";
import { at, contract, d, flatRate, index, product, rateCard, totals, usage, usageProduct, win } from "./test-support/builders";
import type { Commit } from "./contract-terms";

const jan = win("2025-01-01", "2025-02-01");
const origin = { customerId: "child-customer", contractId: "child", invoiceId: "child-jan" };

// The parent and the child price the same product on their own rate cards: 10¢ and 8¢ a call.
const calls = usageProduct("calls");
const storage = usageProduct("storage");
const fixed = product("fixed", "FIXED");
const parentCard = index(rateCard([flatRate("calls", 10, "2025-01-01")]), [calls, fixed]);
const childCard = index(rateCard([flatRate("calls", 8, "2025-01-01"), flatRate("storage", 3, "2025-01-01")]), [calls, storage]);

const prepaid = (amount: number, extra: Partial<Commit> = {}): Commit => ({
  id: "shared",
  type: "PREPAID",
  productId: "fixed",
  accessSchedule: { scheduleItems: [{ id: "s", amount: d(amount), ...win("2025-01-01", "2026-01-01") }] },
  ...extra,
});

const parent = contract({ id: "parent", startingAt: at("2025-01-01"), commits: [prepaid(10000)] });
const child = contract({ id: "child", startingAt: at("2025-01-01") });

function childOfJanuary(quantity: number, extraUsage: ReturnType<typeof usage>[] = []) {
  const own = computeInvoice({ contract: child, rateCard: childCard, period: jan, usage: [usage("calls", quantity, jan), ...extraUsage] });
  return { own, statement: childStatement(origin, own, childCard) };
}

describe("parent pays: a child's charges on its parent's invoice", () => {
  it("the child's usage draws the parent's commit with the parent's own, and the parent pays the rest", () => {
    // Parent: 300 calls × 10¢ = 3,000¢. Child: 1,500 calls × 8¢ (its own price) = 12,000¢.
    // The $100 (10,000¢) shared commit covers the parent's 3,000¢ first (its own charges come
    // first on the invoice), then 7,000¢ of the child's: the parent owes 15,000 − 10,000 = 5,000¢.
    const { own, statement } = childOfJanuary(1500);
    const invoice = computeInvoice({ contract: parent, rateCard: parentCard, period: jan, usage: [usage("calls", 300, jan)], children: [statement] });
    expect(totals(invoice)).toEqual(["USAGE:3000", "USAGE:12000", "APPLIED_COMMIT_OR_CREDIT:-10000"]);
    expect(invoice.lines[1]!.origin).toEqual(origin);
    expect(invoice.lines[1]!.unitPrice?.toString()).toBe("8");
    expect(invoice.subtotal.toString()).toBe("15000");
    expect(invoice.total.toString()).toBe("5000");
    // The child's own invoice: nothing on it, nothing to pay, no draws.
    const childInvoice = paidByParent(own);
    expect([childInvoice.lines.length, childInvoice.total.toString(), childInvoice.ledgerEntries.length]).toEqual([0, "0", 0]);
    // The parent's commit is spent by both: 0 left.
    const balances = computeBalances(parent, invoice.ledgerEntries, at("2025-01-15"));
    expect(balances[0]!.remaining.toString()).toBe("0");
  });

  it("a commit scoped to a product draws only the children's charges for it, to the cent", () => {
    // The commit applies to calls only. Child: 333 calls × 8¢ = 2,664¢ and 1,001 storage × 3¢ =
    // 3,003¢. The parent used nothing. The $20 commit covers 2,000¢ of the calls; the parent pays
    // 664¢ of calls and all 3,003¢ of storage: 3,667¢.
    const scoped = contract({ ...parent, commits: [prepaid(2000, { applicableProductIds: ["calls"] })] });
    const { statement } = childOfJanuary(333, [usage("storage", 1001, jan)]);
    const invoice = computeInvoice({ contract: scoped, rateCard: parentCard, period: jan, usage: [], children: [statement] });
    expect(totals(invoice)).toEqual(["USAGE:2664", "USAGE:3003", "APPLIED_COMMIT_OR_CREDIT:-2000"]);
    expect(invoice.total.toString()).toBe("3667");
  });

  it("two children are concatenated in the order given, each line naming its child", () => {
    const a = childOfJanuary(100).statement;
    const b = childStatement({ ...origin, contractId: "other", invoiceId: "other-jan" }, childOfJanuary(50).own, childCard);
    const invoice = computeInvoice({ contract: contract({ ...parent, commits: [] }), rateCard: parentCard, period: jan, usage: [], children: [a, b] });
    expect(invoice.lines.map((l) => [l.origin?.contractId, l.total.toString()])).toEqual([
      ["child", "800"],
      ["other", "400"],
    ]);
    expect(invoice.total.toString()).toBe("1200");
  });

  it("a child invoice with balances of its own applied cannot be consolidated", () => {
    const withCredit = contract({ ...child, credits: [{ id: "c", productId: "calls", accessSchedule: { scheduleItems: [{ id: "s", amount: d(100), ...jan }] } }] });
    const own = computeInvoice({ contract: withCredit, rateCard: index(rateCard([flatRate("calls", 8, "2025-01-01")]), [calls]), period: jan, usage: [usage("calls", 100, jan)] });
    expect(() => childStatement(origin, own, childCard)).toThrow(/APPLIED_COMMIT_OR_CREDIT line .* cannot be consolidated/);
  });
});

describe("a child's periods and dates against its parent's", () => {
  it("a monthly child starting mid-month under a monthly parent anchored on the 1st is refused unless it starts its periods there", () => {
    const parentFirst = contract({ startingAt: at("2025-01-01"), usageStatementSchedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" } });
    // FIRST_OF_MONTH from Jan 15: first period Jan 15 – Feb 1, then whole months, as the parent's.
    expect(() => validateChild(parentFirst, contract({ startingAt: at("2025-01-15"), usageStatementSchedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" } }))).not.toThrow();
    // CONTRACT_START from Jan 15: periods Jan 15 – Feb 15 straddle the parent's.
    expect(() => validateChild(parentFirst, contract({ startingAt: at("2025-01-15") }))).toThrow(/does not end with its parent's/);
    // Quarterly under monthly: one statement would span three parent invoices.
    expect(() => validateChild(parentFirst, contract({ startingAt: at("2025-01-01"), usageStatementSchedule: { frequency: "QUARTERLY", day: "FIRST_OF_MONTH" } }))).toThrow(/does not end with its parent's/);
  });

  it("a child lies within its parent's dates", () => {
    const bounded = contract({ startingAt: at("2025-01-01"), endingBefore: at("2025-07-01") });
    expect(() => validateChild(bounded, contract({ startingAt: at("2024-12-01") }))).toThrow("the child contract starts before its parent does");
    expect(() => validateChild(bounded, contract({ startingAt: at("2025-02-01") }))).toThrow(/must end when its parent does or before/);
    expect(() => validateChild(bounded, contract({ startingAt: at("2025-02-01"), endingBefore: at("2025-04-01") }))).not.toThrow();
  });

  it("the child's period in a parent's period: the one ending with it, or none", () => {
    const lateChild = contract({ startingAt: at("2025-01-15"), endingBefore: at("2025-03-10"), usageStatementSchedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" } });
    expect(childPeriodIn(lateChild, win("2025-01-01", "2025-02-01"))).toEqual(win("2025-01-15", "2025-02-01"));
    expect(childPeriodIn(lateChild, win("2025-03-01", "2025-04-01"))).toEqual(win("2025-03-01", "2025-03-10"));
    expect(childPeriodIn(lateChild, win("2025-04-01", "2025-05-01"))).toBeUndefined();
    expect(childPeriodIn(lateChild, win("2024-12-01", "2025-01-01"))).toBeUndefined();
  });
});
