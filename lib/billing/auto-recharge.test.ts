import { describe, expect, it } from "vitest";
import { rechargeAccess, rechargeAmount, rechargeableBalance, rechargeInvoiceAmount, validateRechargeRule, type HeldBalance, type RechargeRule } from "./auto-recharge";
import { computeBalances } from "./balances";
import type { Commit } from "./contract-terms";
import { USD_CENTS } from "./money";
import { at, contract, d, flatRate, index, invoice, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { CreditType } from "./types";

// Worked examples. Amounts in USD cents: a threshold of $10 (1,000¢), recharged to $50 (5,000¢).
const rule: RechargeRule = { thresholdAmount: d(1000), rechargeToAmount: d(5000), creditType: USD_CENTS };
const held = (remaining: number, extra: Partial<HeldBalance> = {}): HeldBalance => ({ contractId: "c1", kind: "PREPAID", creditTypeId: USD_CENTS.id, remaining: d(remaining), ...extra });

describe("rechargeAmount", () => {
  it.each([
    // balance, amount bought (null: nothing), why
    [5000, null, "at the recharge-to amount"],
    [1001, null, "a cent above the threshold"],
    [1000, "4000", "at the threshold: Metronome recharges when the balance lowers to it"],
    [999, "4001", "a cent below"],
    [800, "4200", "$8 left: $42 brings it to $50"],
    [0, "5000", "spent out"],
  ])("balance %s → %s (%s)", (balance: number, amount: string | null, _why: string) => {
    expect(rechargeAmount(rule, d(balance))?.toString() ?? null).toBe(amount);
  });

  it("after a recharge the balance is the recharge-to amount, above the threshold: the same crossing buys nothing more", () => {
    const bought = rechargeAmount(rule, d(800))!;
    expect(rechargeAmount(rule, d(800).plus(bought))).toBeNull();
  });
});

describe("rechargeableBalance", () => {
  it("counts the contract's and the customer-level prepaid commits and credits in the rule's credit type, nothing else", () => {
    const gpu: CreditType = { id: "gpu", name: "GPU credits", precision: 2 };
    const balances = [
      held(300),
      held(200, { kind: "CREDIT" }),
      held(100, { contractId: null }),
      held(7000, { kind: "POSTPAID" }),
      held(5000, { contractId: "c2" }),
      held(900, { creditTypeId: gpu.id }),
    ];
    // 300 + 200 + 100: the postpaid commit, another contract's commit and the GPU credits do not count.
    expect(rechargeableBalance(balances, "c1", USD_CENTS.id).toString()).toBe("600");
    expect(rechargeableBalance([], "c1", USD_CENTS.id).toString()).toBe("0");
  });
});

describe("validateRechargeRule", () => {
  it.each([
    [{ thresholdAmount: d(-1) }, "threshold_amount must not be negative"],
    [{ rechargeToAmount: d(1000) }, "recharge_to_amount must be greater than threshold_amount"],
    [{ thresholdAmount: d("10.5") }, "threshold_amount must have at most 0 decimal places of USD (cents)"],
    [{ rechargeToAmount: d("5000.25") }, "recharge_to_amount must have at most 0 decimal places"],
  ])("refuses %o", (change, message) => {
    expect(() => validateRechargeRule({ ...rule, ...change })).toThrow(message);
  });
  it("takes a zero threshold", () => expect(() => validateRechargeRule({ ...rule, thresholdAmount: d(0) })).not.toThrow());
});

describe("rechargeInvoiceAmount", () => {
  it.each([
    // bought, payment_fraction, invoiced
    ["4500", null, "4500"],
    ["4500", "0.85", "3825"],
    ["4501", "0.85", "3826"], // 3,825.85 → half-up to whole cents
    ["4510", "0.85", "3834"], // 3,833.5 → 3,834
    ["4500", "1", "4500"],
    ["1", "0.5", "1"], // 0.5 → 1
  ])("%s bought at %s → %s invoiced", (amount: string, fraction: string | null, invoiced: string) => {
    expect(rechargeInvoiceAmount(d(amount), fraction === null ? null : d(fraction), USD_CENTS).toString()).toBe(invoiced);
  });
  it("refuses a fraction outside (0, 1]", () => {
    expect(() => rechargeInvoiceAmount(d(100), d(0), USD_CENTS)).toThrow("payment_fraction");
    expect(() => rechargeInvoiceAmount(d(100), d("1.1"), USD_CENTS)).toThrow("payment_fraction");
  });
});

describe("rechargeAccess", () => {
  it("usable from the start of the recharge's hour until the contract ends", () => {
    expect(rechargeAccess(at("2024-01-20T14:37:12.5"), at("2024-07-01"))).toEqual({ startingAt: at("2024-01-20T14:00"), endingBefore: at("2024-07-01") });
  });
  it("an open-ended contract's for 100 years", () => {
    expect(rechargeAccess(at("2024-01-20T14:37"), null)).toEqual({ startingAt: at("2024-01-20T14:00"), endingBefore: at("2124-01-20T14:00") });
  });
  it("never on a contract that has ended", () => {
    expect(() => rechargeAccess(at("2024-07-01"), at("2024-07-01"))).toThrow("has ended");
  });
});

describe("a worked example through the engine", () => {
  // 1¢ per call. A $100 prepaid commit for January; threshold $10, recharge to $50.
  const api = usageProduct("api");
  const rc = index(rateCard([flatRate("api", 1)]), [api, product("fixed", "FIXED")]);
  const january = win("2024-01-01", "2024-02-01");
  const prepaid: Commit = { id: "prepaid", type: "PREPAID", productId: "fixed", priority: 1, accessSchedule: { scheduleItems: [{ id: "s", amount: d(10000), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } };
  // Usage windows are cut where a balance segment starts (as planUsage cuts them).
  const balanceAfter = (commits: Commit[], calls: [from: string, to: string, count: number][], now: Date) => {
    const terms = contract({ commits });
    const draft = invoice(rc, terms, january, calls.map(([from, to, count]) => usage("api", count, win(from, to))));
    const balances = computeBalances(terms, draft.ledgerEntries, now).map((b) => ({ contractId: "contract", kind: b.kind, creditTypeId: b.creditType.id, remaining: b.remaining }));
    return rechargeableBalance(balances, "contract", USD_CENTS.id);
  };

  it("9,200 calls leave $8: $42 is bought; the recharged balance of $50 buys nothing until it falls to $10 again", () => {
    const now = at("2024-01-15T10:30");
    // 10,000 − 9,200 = 800 ≤ 1,000 → 5,000 − 800 = 4,200.
    const before = balanceAfter([prepaid], [["2024-01-01", "2024-02-01", 9200]], now);
    expect(before.toString()).toBe("800");
    const bought = rechargeAmount(rule, before)!;
    expect(bought.toString()).toBe("4200");

    const access = rechargeAccess(now, null);
    const recharge: Commit = { id: "recharge-1", type: "PREPAID", productId: "fixed", priority: 100, accessSchedule: { scheduleItems: [{ id: "r1", amount: bought, ...access }] } };
    // The 9,200 calls came before the recharge's hour: the recharge holds all of its 4,200
    // beside the commit's 800 → 5,000, above the threshold.
    const sofar: [string, string, number][] = [["2024-01-01", "2024-01-15T10:00", 9200]];
    expect(balanceAfter([prepaid, recharge], sofar, now).toString()).toBe("5000");
    expect(rechargeAmount(rule, balanceAfter([prepaid, recharge], sofar, now))).toBeNull();
    // 4,000 calls after it: the commit (priority 1) draws its 800 first, the recharge 3,200;
    // 5,000 − 4,000 = 1,000, at the threshold again → 4,000 is bought.
    const later = balanceAfter([prepaid, recharge], [...sofar, ["2024-01-15T10:00", "2024-02-01", 4000]], at("2024-01-20T09:00"));
    expect(later.toString()).toBe("1000");
    expect(rechargeAmount(rule, later)?.toString()).toBe("4000");
  });
});
