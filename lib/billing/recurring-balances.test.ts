import { describe, expect, it } from "vitest";
import type { Credit } from "./contract-terms";
import { USD_CENTS } from "./money";
import { recurringGrants, recurringHorizon, type RecurringBalance } from "./recurring-balances";
import { at, contract, d, flatRate, index, invoice, product, rateCard, totals, usage, usageProduct, win } from "./test-support/builders";

// Worked examples of recurring commits and credits. The rules are the doc comments of
// @metronome/sdk's ContractCreateParams.RecurringCommit (node_modules/@metronome/sdk/resources/
// v1/contracts/contracts.d.ts): a commit per period of `recurrence_frequency` counted from its
// `starting_at`, or of the usage invoices without one; `commit_duration` periods of access;
// `proration` of the first and last commits, FIRST_AND_LAST by default; `invoice_amount` billed
// for each commit. The figures are ours: amounts in USD cents, proration by exact time (January
// and March 2024 have 31 days, February 29).

const JAN = contract(); // monthly billing periods from 2024-01-01
const FAR = at("2030-01-01");

const recurring = (extra: Partial<RecurringBalance> = {}): RecurringBalance => ({
  startingAt: at("2024-01-01"),
  accessAmount: d(3100),
  creditType: USD_CENTS,
  commitDuration: 1,
  proration: "FIRST_AND_LAST",
  ...extra,
});

const iso = (d: Date) => d.toISOString().slice(0, 16).replace(":00", "").replace("T00", "");
const plain = (grants: ReturnType<typeof recurringGrants>) =>
  grants.map((g) => [iso(g.access.startingAt), iso(g.access.endingBefore), g.amount.toString(), ...(g.invoiceAmount ? [g.invoiceAmount.toString()] : [])]);

describe("recurring balances on the contract's billing periods", () => {
  const midJanuaryToMarch11 = (proration: RecurringBalance["proration"]) =>
    plain(recurringGrants(recurring({ startingAt: at("2024-01-16"), proration }), { ...JAN, endingBefore: at("2024-03-11") }, FAR));

  it("prorates a first period that starts mid-period and a last one the contract's end cuts (FIRST_AND_LAST, the default)", () => {
    // January from the 16th: 16 of 31 days × 3100 = 1600. February whole: 3100. March until the
    // 11th (the contract's end): 10 of 31 days × 3100 = 1000. Each is usable in its own period only.
    expect(midJanuaryToMarch11("FIRST_AND_LAST")).toEqual([
      ["2024-01-16", "2024-02-01", "1600"],
      ["2024-02-01", "2024-03-01", "3100"],
      ["2024-03-01", "2024-03-11", "1000"],
    ]);
  });

  it("grants whole amounts where proration is off, for the time the period has", () => {
    expect(midJanuaryToMarch11("NONE").map(([, , amount]) => amount)).toEqual(["3100", "3100", "3100"]);
    expect(midJanuaryToMarch11("FIRST").map(([, , amount]) => amount)).toEqual(["1600", "3100", "3100"]);
    expect(midJanuaryToMarch11("LAST").map(([, , amount]) => amount)).toEqual(["3100", "3100", "1000"]);
    expect(midJanuaryToMarch11("NONE").at(-1)!.slice(0, 2)).toEqual(["2024-03-01", "2024-03-11"]);
  });

  it("counts a short first billing period (FIRST_OF_MONTH) as a partial month", () => {
    // Billing periods run from the 1st; the contract and the credit start on the 15th: 17 of 31 days.
    const terms = contract({ startingAt: at("2024-01-15"), usageStatementSchedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" } });
    expect(plain(recurringGrants(recurring({ startingAt: at("2024-01-15") }), terms, at("2024-03-01")))).toEqual([
      ["2024-01-15", "2024-02-01", "1700"],
      ["2024-02-01", "2024-03-01", "3100"],
    ]);
  });

  it("prepaid: bills the invoice amount for each period, prorated alike, each rounded half-up unless told otherwise", () => {
    const prepaid = recurring({ startingAt: at("2024-01-16"), accessAmount: d(1000), invoiceAmount: d(2000) });
    // 16/31 × 1000 = 516.13 → 516; 16/31 × 2000 = 1032.26 → 1032; February whole.
    expect(plain(recurringGrants(prepaid, JAN, at("2024-03-01")))).toEqual([
      ["2024-01-16", "2024-02-01", "516", "1032"],
      ["2024-02-01", "2024-03-01", "1000", "2000"],
    ]);
    // Rounded up to the next dollar (−2 places of cents) for access, down to one for the invoice.
    const rounded = { ...prepaid, accessRounding: { decimalPlaces: -2, roundingMethod: "CEILING" }, invoiceRounding: { decimalPlaces: -2, roundingMethod: "FLOOR" } } as const;
    expect(plain(recurringGrants(rounded, JAN, at("2024-02-01")))).toEqual([["2024-01-16", "2024-02-01", "600", "1000"]]);
    expect(() => recurringGrants({ ...prepaid, accessRounding: { decimalPlaces: 1, roundingMethod: "HALF_UP" } }, JAN, FAR)).toThrow(/at most 0 decimal places of USD/);
  });
});

describe("recurring balances on their own frequency", () => {
  it("QUARTERLY from Jan 31: months from the start, clamped, never chained; two periods of access each", () => {
    const grants = recurringGrants(recurring({ startingAt: at("2024-01-31"), recurrenceFrequency: "QUARTERLY", commitDuration: 2, accessAmount: d(9000) }), JAN, at("2024-12-31"));
    expect(plain(grants)).toEqual([
      ["2024-01-31", "2024-07-31", "9000"],
      ["2024-04-30", "2024-10-31", "9000"],
      ["2024-07-31", "2025-01-31", "9000"],
      ["2024-10-31", "2025-04-30", "9000"],
    ]);
    expect(grants.map((g) => iso(g.period.endingBefore))).toEqual(["2024-04-30", "2024-07-31", "2024-10-31", "2025-01-31"]);
  });

  it("WEEKLY until the 18th: two whole weeks, then 3 of 7 days × 700 = 300", () => {
    const weekly = recurring({ recurrenceFrequency: "WEEKLY", endingBefore: at("2024-01-18"), accessAmount: d(700) });
    expect(plain(recurringGrants(weekly, JAN, FAR))).toEqual([
      ["2024-01-01", "2024-01-08", "700"],
      ["2024-01-08", "2024-01-15", "700"],
      ["2024-01-15", "2024-01-18", "300"],
    ]);
  });

  it("DAILY from 06:00 until 18:00 the next day: by exact time, 12 of 24 hours at the end", () => {
    const daily = recurring({ startingAt: at("2024-01-02T06:00"), endingBefore: at("2024-01-03T18:00"), recurrenceFrequency: "DAILY", accessAmount: d(240) });
    expect(plain(recurringGrants(daily, JAN, FAR))).toEqual([
      ["2024-01-02T06", "2024-01-03T06", "240"],
      ["2024-01-03T06", "2024-01-03T18", "120"],
    ]);
  });
});

describe("open-ended recurring balances", () => {
  it("are granted up to two periods past the one in progress, and extended when the next begins", () => {
    const open = recurring();
    const horizon = recurringHorizon(open, JAN, at("2024-02-10"));
    expect([iso(horizon.until), horizon.extendAt && iso(horizon.extendAt)]).toEqual(["2024-05-01", "2024-03-01"]);
    expect(plain(recurringGrants(open, JAN, horizon.until)).map(([from]) => from)).toEqual(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]);
    // Before its start: its first periods. With an end inside the horizon: everything, and no extension.
    expect(iso(recurringHorizon(recurring({ startingAt: at("2024-06-01") }), JAN, at("2024-02-10")).until)).toBe("2024-09-01");
    expect(recurringHorizon(open, { ...JAN, endingBefore: at("2024-04-15") }, at("2024-02-10"))).toEqual({ until: at("2024-04-15") });
  });
});

describe("refusals", () => {
  it.each([
    ["a start before the contract's", { startingAt: at("2023-12-01") }, /must not start before the contract/],
    ["an end before its start", { endingBefore: at("2024-01-01") }, /must start before it ends/],
    ["a duration of no whole period", { commitDuration: 1.5 }, /whole number of periods/],
    ["a zero duration", { commitDuration: 0 }, /whole number of periods/],
    ["an amount finer than a cent", { accessAmount: d("10.5") }, /at most 0 decimal places/],
    ["a negative invoice amount", { invoiceAmount: d(-1) }, /invoice amount must be ≥ 0/],
    ["an invoice amount finer than a cent", { invoiceAmount: d("0.5") }, /invoice amount must be ≥ 0 with at most 0 decimal places/],
    ["a start off the hour", { startingAt: at("2024-01-01T00:30") }, /hour boundary/],
  ])("refuses %s", (_, extra, message) => {
    expect(() => recurringGrants(recurring(extra as Partial<RecurringBalance>), JAN, FAR)).toThrow(message);
  });
});

describe("on an invoice", () => {
  it("a recurring credit's prorated first balance covers usage from its start only", () => {
    // 100 calls at 10¢ on Jan 10 (before the credit) and 200 from the 16th: 3000¢. The credit of
    // January (1600, from the 16th) covers 1600 of the 2000 after its start: 1400 left to pay.
    const grants = recurringGrants(recurring({ startingAt: at("2024-01-16") }), JAN, at("2024-02-01"));
    const credits: Credit[] = grants.map((g) => ({
      id: `credit-${g.index}`,
      productId: "fixed",
      name: "Monthly credit",
      priority: 1,
      accessSchedule: { scheduleItems: [{ id: `segment-${g.index}`, amount: g.amount, ...g.access }] },
    }));
    const idx = index(rateCard([flatRate("calls", 10)]), [usageProduct("calls"), product("fixed", "FIXED")]);
    const january = win("2024-01-01", "2024-02-01");
    const bill = invoice(idx, contract({ credits }), january, [usage("calls", 100, win("2024-01-10", "2024-01-11")), usage("calls", 200, win("2024-01-16", "2024-01-17"))]);
    expect(totals(bill)).toEqual(["USAGE:1000", "USAGE:2000", "APPLIED_COMMIT_OR_CREDIT:-1600"]);
    expect(bill.total.toString()).toBe("1400");
  });
});
