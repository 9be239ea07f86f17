import { describe, expect, it } from "vitest";
import type { Commit, Contract } from "./contract-terms";
import { d, flatRate, index, invoice, product, rateCard, usage, usageProduct, win, contract, at } from "./test-support/builders";
import { inProgress, thresholdCharge, unbilledSpend } from "./threshold-billing";

// Worked examples of spend threshold billing. Prices are in USD cents: "calls" at 10¢ a call,
// "storage" at 5¢ a unit, January 2024 as the period in progress, a threshold of $10 (1000¢).

const JANUARY = win("2024-01-01", "2024-02-01");
const products = [usageProduct("calls"), usageProduct("storage"), product("fixed", "FIXED")];
const idx = index(rateCard([flatRate("calls", 10), flatRate("storage", 5)]), products);
const THRESHOLD = { isEnabled: true, thresholdAmount: d(1000) };

/** A commit bought on a THRESHOLD invoice: the spend it paid, usable in the period. */
const bought = (id: string, amount: number, extra: Partial<Commit> = {}): Commit => ({
  id,
  type: "PREPAID",
  productId: "fixed",
  name: "Threshold",
  thresholdBilling: true,
  accessSchedule: { scheduleItems: [{ id: `${id}-s`, amount: d(amount), ...JANUARY }] },
  ...extra,
});
const calls = (n: number) => usage("calls", n, JANUARY);
const draft = (terms: Contract, records = [calls(0)]) => invoice(idx, terms, JANUARY, records);

describe("spend threshold billing", () => {
  it("bills nothing below the threshold, and the whole unbilled spend once it is reached", () => {
    // 99 calls = 990¢: below. 100 calls = 1000¢: reached exactly. 130 calls = 1300¢ (one batch
    // carried it past): the invoice bills all 1300¢, not 1000¢.
    expect(thresholdCharge(THRESHOLD, draft(contract(), [calls(99)]))).toBeNull();
    expect(thresholdCharge(THRESHOLD, draft(contract(), [calls(100)]))?.toString()).toBe("1000");
    expect(thresholdCharge(THRESHOLD, draft(contract(), [calls(130)]))?.toString()).toBe("1300");
  });

  it("the commit bought pays the draft down, which then grows again from zero: nothing is billed twice", () => {
    // 130 calls crossed: a commit of 1300¢ is bought. The draft of the same 130 calls owes 0.
    const afterFirst = contract({ commits: [bought("t1", 1300)] });
    expect(draft(afterFirst, [calls(130)]).total.toString()).toBe("0");
    expect(thresholdCharge(THRESHOLD, draft(afterFirst, [calls(130)]))).toBeNull();
    // 80 calls more (210 in all = 2100¢): 800¢ unbilled, below the threshold; the draft owes 800¢.
    expect(unbilledSpend(draft(afterFirst, [calls(210)])).toString()).toBe("800");
    expect(draft(afterFirst, [calls(210)]).total.toString()).toBe("800");
    // 20 more (230 = 2300¢): 1000¢ unbilled, the second crossing bills 1000¢.
    expect(thresholdCharge(THRESHOLD, draft(afterFirst, [calls(230)]))?.toString()).toBe("1000");
    const afterSecond = contract({ commits: [bought("t1", 1300), bought("t2", 1000)] });
    // At period end the draft bills 2300¢ of usage, 2300¢ drawn from the two commits, 0 owed:
    // the customer paid 1300¢ + 1000¢ on the THRESHOLD invoices, 2300¢ in all.
    const final = draft(afterSecond, [calls(230)]);
    expect(final.total.toString()).toBe("0");
    expect(final.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => l.total.toString())).toEqual(["-1300", "-1000"]);
  });

  it("counts only what other balances leave: a credit covers its share first", () => {
    // A 500¢ credit: 130 calls (1300¢) leave 800¢ unbilled, below the threshold; 150 calls leave 1000¢.
    const credit = { id: "cr", productId: "fixed", accessSchedule: { scheduleItems: [{ id: "cr-s", amount: d(500), ...JANUARY }] } };
    expect(thresholdCharge(THRESHOLD, draft(contract({ credits: [credit] }), [calls(130)]))).toBeNull();
    expect(thresholdCharge(THRESHOLD, draft(contract({ credits: [credit] }), [calls(150)]))?.toString()).toBe("1000");
  });

  it("a threshold commit draws after every other balance, whatever its priority", () => {
    // A 1000¢ commit on calls only, priority 200; 100 calls (1000¢) and 200 storage units (1000¢):
    // the calls commit covers the calls, 1000¢ of storage is unbilled and bought at the threshold
    // (priority 1). Were that commit drawn first (by priority), it would cover the calls (the
    // older line), the calls commit could not cover storage, and 1000¢ would be billed again.
    const callsOnly: Commit = { id: "co", type: "PREPAID", productId: "fixed", priority: 200, applicableProductIds: ["calls"], accessSchedule: { scheduleItems: [{ id: "co-s", amount: d(1000), ...JANUARY }] } };
    const records = [calls(100), usage("storage", 200, JANUARY)];
    expect(thresholdCharge(THRESHOLD, draft(contract({ commits: [callsOnly] }), records))?.toString()).toBe("1000");
    const after = draft(contract({ commits: [callsOnly, bought("t1", 1000, { priority: 1 })] }), records);
    expect(after.total.toString()).toBe("0");
    expect(unbilledSpend(after).toString()).toBe("0");
  });

  it("percentage discounts count, postpaid minimums do not", () => {
    // 25% off: 120 calls = 1200¢ − 300¢ = 900¢, below; 140 calls = 1400¢ − 350¢ = 1050¢, reached.
    const discounted = contract({ percentageDiscounts: [{ id: "q", name: "Launch", fraction: d("0.25"), startingAt: at("2024-01-01") }] });
    expect(thresholdCharge(THRESHOLD, draft(discounted, [calls(120)]))).toBeNull();
    expect(thresholdCharge(THRESHOLD, draft(discounted, [calls(140)]))?.toString()).toBe("1050");
    // A postpaid minimum of 5000¢ ending in January is trued up on this draft (4000¢ short after
    // 100 calls), but the true-up is not spend a threshold bills: 1000¢ is.
    const minimum: Commit = { id: "min", type: "POSTPAID", productId: "fixed", accessSchedule: { scheduleItems: [{ id: "min-s", amount: d(5000), ...JANUARY }] } };
    const withMinimum = draft(contract({ commits: [minimum], endingBefore: at("2024-02-01") }), [calls(100)]);
    expect(withMinimum.lines.some((l) => l.type === "POSTPAID_TRUEUP")).toBe(true);
    expect(thresholdCharge(THRESHOLD, withMinimum)?.toString()).toBe("1000");
  });

  it("a disabled threshold bills nothing; only the period in progress is billed", () => {
    expect(thresholdCharge({ ...THRESHOLD, isEnabled: false }, draft(contract(), [calls(500)]))).toBeNull();
    expect(inProgress(JANUARY, at("2024-01-31T23:00"))).toBe(true);
    expect(inProgress(JANUARY, at("2024-02-01"))).toBe(false);
  });
});
