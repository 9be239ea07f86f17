import { describe, expect, it } from "vitest";
import { breakdownUsagePlan, breakdownWindows, computeInvoiceBreakdowns, type InvoiceBreakdown } from "./breakdowns";
import type { Commit, Contract, Credit } from "./contract-terms";
import { sum } from "./decimal";
import { computeInvoice } from "./invoice";
import { at, contract, d, event, flatRate, index, metric, product, rateCard, usageProduct, win } from "./test-support/builders";
import { planUsage, usageFromEvents } from "./usage-plan";
import type { Invoice, LedgerEntry, Rate, UsageEvent, Window } from "./types";
import type { RateCardIndex } from "./rate-schedule";

const JANUARY = win("2024-01-01", "2024-02-01");
const days = (from: string, to: string) => breakdownWindows(win(from, to), "DAY");

const products = [
  usageProduct("api", { name: "API" }),
  usageProduct("tokens", { name: "Tokens", presentationGroupKey: ["region"] }),
  usageProduct("storage", { name: "Storage", billableMetricId: "storage-max" }),
  product("seats", "SUBSCRIPTION", { name: "Seats" }),
  product("fixed", "FIXED", { name: "Fixed" }),
];
const rates: Rate[] = [
  flatRate("api", "0.5"),
  { productId: "tokens", rateType: "TIERED", tiers: [{ size: d(100), price: d(2) }, { price: d(1) }], startingAt: at("2024-01-01"), entitled: true },
  flatRate("storage", 3),
  { productId: "seats", rateType: "SUBSCRIPTION", price: d(1000), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true },
];
const METRICS = [
  metric("api-metric", "SUM", { eventTypeFilter: { inValues: ["api_call"] } }),
  metric("tokens-metric", "SUM", { eventTypeFilter: { inValues: ["completion"] } }),
  metric("storage-max", "MAX", { eventTypeFilter: { inValues: ["storage"] } }),
];
const idx = index(rateCard(rates), products, METRICS);

/** Events → the usage the breakdown plan asks for → the breakdown, as a service does it with rollups. */
function breakdown(terms: Contract, events: UsageEvent[], windows: Window[], period = JANUARY, ledger: LedgerEntry[] = [], rateCardIndex: RateCardIndex = idx) {
  const plan = breakdownUsagePlan(planUsage({ contract: terms, rateCard: rateCardIndex, period }), windows);
  return computeInvoiceBreakdowns({ contract: terms, rateCard: rateCardIndex, period, usage: usageFromEvents(plan, rateCardIndex, events), ledger, windows });
}

/** The invoice priced directly, from the invoice's own plan. */
function whole(terms: Contract, events: UsageEvent[], period = JANUARY, ledger: LedgerEntry[] = [], rateCardIndex: RateCardIndex = idx): Invoice {
  const plan = planUsage({ contract: terms, rateCard: rateCardIndex, period });
  return computeInvoice({ contract: terms, rateCard: rateCardIndex, period, usage: usageFromEvents(plan, rateCardIndex, events), ledger });
}

const calls = (n: number, timestamp: string, prefix = timestamp) => Array.from({ length: n }, (_, i) => event(`${prefix}-${i}`, timestamp, {}, "api_call"));
const metricFor = (events: UsageEvent[], key: string, value: unknown) => events.map((e) => ({ ...e, properties: { ...e.properties, [key]: value } }));

// api-metric is a SUM of `value`; one event of value n stands for n calls.
const used = (id: string, timestamp: string, value: number, extra: Record<string, unknown> = {}) => event(id, timestamp, { value, ...extra });

const byLine = (b: InvoiceBreakdown) => b.lines.map((l) => `${l.type} ${l.name} ${l.quantity?.toString() ?? "-"} ${l.total.toString()}`);

/** Every line of the invoice equals the sum of its windows, and so do the subtotal and total. */
function expectSumsTo(breakdowns: InvoiceBreakdown[], invoice: Invoice) {
  expect(sum(breakdowns.map((b) => b.total)).toString()).toBe(invoice.total.toString());
  expect(sum(breakdowns.map((b) => b.subtotal)).toString()).toBe(invoice.subtotal.toString());
  const key = (l: { type: string; name: string; productId?: string; commitId?: string }) => `${l.type} ${l.name} ${l.productId ?? ""} ${l.commitId ?? ""}`;
  const expected = new Map<string, string>();
  for (const line of invoice.lines) expected.set(key(line), d(expected.get(key(line)) ?? 0).plus(line.total).toString());
  const got = new Map<string, string>();
  for (const line of breakdowns.flatMap((b) => b.lines)) got.set(key(line), d(got.get(key(line)) ?? 0).plus(line.total).toString());
  for (const [k, v] of [...got]) if (d(v).isZero() && !expected.has(k)) got.delete(k);
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
}

describe("breakdownWindows", () => {
  it("cuts a period on the UTC grid, clipping the cells at its edges", () => {
    expect(breakdownWindows(win("2024-01-01T13:00", "2024-01-03T05:00"), "DAY")).toEqual([
      win("2024-01-01T13:00", "2024-01-02"),
      win("2024-01-02", "2024-01-03"),
      win("2024-01-03", "2024-01-03T05:00"),
    ]);
    expect(breakdownWindows(win("2024-01-01T22:00", "2024-01-02T01:00"), "HOUR")).toEqual([
      win("2024-01-01T22:00", "2024-01-01T23:00"),
      win("2024-01-01T23:00", "2024-01-02"),
      win("2024-01-02", "2024-01-02T01:00"),
    ]);
    expect(breakdownWindows(JANUARY, "DAY")).toHaveLength(31);
    expect(breakdownWindows(JANUARY, "HOUR")).toHaveLength(744);
  });

  it("puts an invoice of a date in the cell that holds it", () => {
    expect(breakdownWindows(win("2024-01-02T05:00", "2024-01-02T05:00"), "DAY")).toEqual([win("2024-01-02", "2024-01-03")]);
    expect(breakdownWindows(win("2024-01-02T05:00", "2024-01-02T05:00"), "HOUR")).toEqual([win("2024-01-02T05:00", "2024-01-02T06:00")]);
  });
});

describe("breakdownUsagePlan", () => {
  it("adds each planned window cut at every window edge inside it", () => {
    const terms = contract({ subscriptions: [] });
    const plan = planUsage({ contract: terms, rateCard: idx, period: JANUARY });
    const cut = breakdownUsagePlan(plan, days("2024-01-01", "2024-01-03"));
    expect(cut.products.find((p) => p.productId === "api")!.windows).toEqual([JANUARY, win("2024-01-01", "2024-01-02"), win("2024-01-01", "2024-01-03")]);
    expect(cut).toMatchObject({ contractId: plan.contractId, startingAt: plan.startingAt, endingBefore: plan.endingBefore });
  });
});

describe("computeInvoiceBreakdowns", () => {
  const plain = contract();

  it("rounds each window as the invoice rounds, so the windows add up to it to the cent", () => {
    // 0.5¢ a call: 3 calls a day cost 1.5¢, which no window can bill on its own.
    const events = [used("a", "2024-01-01T10:00", 3), used("b", "2024-01-02T10:00", 3), used("c", "2024-01-03T10:00", 3)];
    const windows = breakdownWindows(JANUARY, "DAY");
    const { invoice, breakdowns } = breakdown(plain, events, windows);
    expect(invoice).toEqual(whole(plain, events));
    expect(invoice.total.toString()).toBe("5"); // 9 × 0.5 = 4.5, rounded half up
    // 1.5 → 2, 3 → 3 (+1), 4.5 → 5 (+2): each window is what the rounded invoice grew by.
    expect(breakdowns.slice(0, 4).map((b) => b.total.toString())).toEqual(["2", "1", "2", "0"]);
    expect(breakdowns.slice(0, 3).map(byLine)).toEqual([["USAGE API 3 2"], ["USAGE API 3 1"], ["USAGE API 3 2"]]);
    // A day without usage shows the product's line with nothing on it.
    expect(byLine(breakdowns[3]!)).toEqual(["USAGE API 0 0"]);
    expect([breakdowns[1]!.lines[0]!.startingAt, breakdowns[1]!.lines[0]!.endingBefore, breakdowns[1]!.lines[0]!.unitPrice]).toEqual([at("2024-01-02"), at("2024-01-03"), d("0.5")]);
    expectSumsTo(breakdowns, invoice);
  });

  it("fills tiers in time order and draws balances as the invoice does, in hourly windows", () => {
    const credit: Credit = { id: "promo", productId: "fixed", name: "Promo", priority: 1, accessSchedule: { scheduleItems: [{ id: "s", amount: d(150), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } };
    const terms = contract({ credits: [credit] });
    const tokens = (id: string, timestamp: string, value: number) => ({ ...used(id, timestamp, value), eventType: "completion" });
    const events = [tokens("t1", "2024-01-01T00:30", 60), tokens("t2", "2024-01-01T01:30", 60), tokens("t3", "2024-01-01T02:30", 60)];
    const windows = breakdownWindows(win("2024-01-01", "2024-01-01T04:00"), "HOUR");
    const { invoice, breakdowns } = breakdown(terms, events, windows);
    // 60 at 2¢; then 40 at 2¢ + 20 at 1¢; then 60 at 1¢. The credit covers the first 150¢.
    expect(breakdowns.map(byLine)).toEqual([
      ["USAGE Tokens 60 120", "APPLIED_COMMIT_OR_CREDIT Promo - -120"],
      ["USAGE Tokens 60 100", "APPLIED_COMMIT_OR_CREDIT Promo - -30"],
      ["USAGE Tokens 60 60"],
      ["USAGE Tokens 0 0"],
    ]);
    expect(breakdowns.map((b) => [b.subtotal.toString(), b.total.toString()])).toEqual([["120", "0"], ["100", "70"], ["60", "60"], ["0", "0"]]);
    // Tier slices belong to the whole invoice; a window's line has only its quantity and amount.
    expect(breakdowns[1]!.lines[0]!.tiers).toBeUndefined();
    expect(invoice.total.toString()).toBe("130");
  });

  it("puts charges that do not depend on usage in the first window, and takes back a true-up as usage covers it", () => {
    const minimum: Commit = { id: "minimum", type: "POSTPAID", productId: "fixed", name: "Minimum", accessSchedule: { scheduleItems: [{ id: "m", amount: d(30), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } };
    const terms = contract({
      endingBefore: at("2024-02-01"),
      commits: [minimum],
      subscriptions: [{ id: "team", productId: "seats", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(2), startingAt: at("2024-01-01") }] }],
    });
    const seatsOnly = contract({ ...terms, commits: [] });
    const events = [used("a", "2024-01-02T10:00", 20), used("b", "2024-01-03T10:00", 60)];
    const windows = days("2024-01-01", "2024-01-04");
    const { breakdowns } = breakdown(terms, events, windows);
    // The seats (2000) count towards the minimum at once, so it never needs a true-up here.
    expect(breakdowns.map(byLine)).toEqual([["SUBSCRIPTION Seats 2 2000"], ["USAGE API 20 10"], ["USAGE API 60 30"]]);
    expectSumsTo(breakdown(seatsOnly, events, breakdownWindows(JANUARY, "DAY")).breakdowns, whole(seatsOnly, events));

    const bigMinimum = contract({ endingBefore: at("2024-02-01"), commits: [{ ...minimum, accessSchedule: { scheduleItems: [{ id: "m", amount: d(25), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } }] });
    const all = breakdownWindows(JANUARY, "DAY");
    const trued = breakdown(bigMinimum, events, all);
    // Day 1, before any usage: the whole minimum is owed (25). Day 2: 10 of usage, 10 less to
    // true up. Day 3: the minimum is met (40 billed): the true-up goes, and what was left of it
    // is taken back.
    expect(trued.breakdowns.slice(0, 3).map(byLine)).toEqual([
      ["POSTPAID_TRUEUP Minimum - 25"],
      ["USAGE API 20 10", "POSTPAID_TRUEUP Minimum - -10"],
      ["USAGE API 60 30", "POSTPAID_TRUEUP Minimum - -15"],
    ]);
    expect(trued.breakdowns.slice(0, 3).map((b) => b.total.toString())).toEqual(["25", "0", "15"]);
    expectSumsTo(trued.breakdowns, whole(bigMinimum, events));
  });

  it("keeps a non-additive quantity the maximum so far", () => {
    const storage = (id: string, timestamp: string, value: number) => ({ ...used(id, timestamp, value), eventType: "storage" });
    const events = [storage("s1", "2024-01-01T10:00", 5), storage("s2", "2024-01-02T10:00", 3), storage("s3", "2024-01-03T10:00", 8)];
    const { invoice, breakdowns } = breakdown(plain, events, days("2024-01-01", "2024-01-04"));
    expect(breakdowns.map((b) => b.lines.filter((l) => l.productId === "storage").map((l) => `${l.quantity} ${l.total}`))).toEqual([["5 15"], ["0 0"], ["3 9"]]);
    expect(invoice.lines.find((l) => l.productId === "storage")!.total.toString()).toBe("24"); // max 8 × 3¢
  });

  it("lets a volume tier chosen by the period lower earlier lines, summing all the same", () => {
    const volume: Rate = { productId: "api", rateType: "VOLUME", tiers: [{ size: d(10), price: d(10) }, { price: d(5) }], startingAt: at("2024-01-01"), entitled: true };
    const repriced: Rate = { ...volume, startingAt: at("2024-01-02") };
    const card = index(rateCard([volume, repriced]), products, METRICS);
    const events = [used("a", "2024-01-01T10:00", 8), used("b", "2024-01-02T10:00", 4)];
    const windows = days("2024-01-01", "2024-01-03");
    const { invoice, breakdowns } = breakdown(plain, events, windows, JANUARY, [], card);
    // Day 2 takes the period past 10 units: every unit is now 5¢, the first day's too (80 → 40).
    expect(breakdowns.map(byLine)).toEqual([["USAGE API 8 80"], ["USAGE API 0 -40", "USAGE API 4 20"]]);
    expect(breakdowns[1]!.total.toString()).toBe("-20");
    // The first day's line is dated as the invoice dates it (its own window), and its price moved.
    expect([breakdowns[1]!.lines[0]!.startingAt, breakdowns[1]!.lines[0]!.unitPrice]).toEqual([at("2024-01-01"), undefined]);
    expect(breakdowns[1]!.lines[1]!.unitPrice).toEqual(d(5));
    expectSumsTo(breakdowns, invoice);
    expect(invoice).toEqual(whole(plain, events, JANUARY, [], card));
  });

  it("leaves out a line that did not move in a window", () => {
    const credit: Credit = { id: "late", productId: "fixed", name: "Late credit", accessSchedule: { scheduleItems: [{ id: "s", amount: d(1000), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } };
    const terms = contract({ credits: [credit] });
    // 1 call rounds up to 1¢ on day 1, which takes the credit's last cent; day 2 draws nothing.
    const ledger: LedgerEntry[] = [{ commitId: "late", segmentId: "s", type: "MANUAL", amount: d(-999), timestamp: at("2024-01-01") }];
    const events = [used("a", "2024-01-01T10:00", 1), used("b", "2024-01-02T10:00", 2)];
    const { invoice, breakdowns } = breakdown(terms, events, days("2024-01-01", "2024-01-03"), JANUARY, ledger);
    expect(breakdowns.map(byLine)).toEqual([["USAGE API 1 1", "APPLIED_COMMIT_OR_CREDIT Late credit - -1"], ["USAGE API 2 1"]]);
    expectSumsTo(breakdowns, invoice);
    const noCredit = breakdown(contract(), [used("a", "2024-01-01T10:00", 1)], days("2024-01-01", "2024-01-02"));
    expect(noCredit.breakdowns.map(byLine)).toEqual([["USAGE API 1 1"]]);
  });

  it("refuses windows that overlap, run backwards or leave the period", () => {
    const breakOf = (windows: Window[]) => () => breakdown(plain, [], windows);
    expect(breakOf([win("2024-01-02", "2024-01-03"), win("2024-01-01", "2024-01-02")])).toThrow(/in order, not overlapping/);
    expect(breakOf([win("2023-12-31", "2024-01-01")])).toThrow(/inside the invoice's period/);
    expect(breakOf([win("2024-01-31", "2024-02-02")])).toThrow(/inside the invoice's period/);
    expect(breakOf([win("2024-01-02", "2024-01-02")])).toThrow(/must start before it ends/);
    expect(breakdown(plain, [], []).breakdowns).toEqual([]);
  });

  it("sums any invoice of the engine's examples, in days and in hours", () => {
    const events = [
      ...metricFor(calls(3, "2024-01-05T03:00", "x"), "value", 7),
      used("t", "2024-01-20T23:00", 250, {}),
      { ...used("k", "2024-01-07T08:00", 150, { region: "us" }), eventType: "completion" },
      { ...used("l", "2024-01-07T09:00", 20, { region: "eu" }), eventType: "completion" },
      { ...used("m", "2024-01-09T08:00", 99, { region: "eu" }), eventType: "completion" },
    ];
    const terms = contract({ percentageDiscounts: [{ id: "launch", name: "Launch", fraction: d("0.1"), applicableProductIds: ["api"], startingAt: at("2024-01-10"), endingBefore: at("2024-02-01") }] });
    for (const size of ["DAY", "HOUR"] as const) {
      const { invoice, breakdowns } = breakdown(terms, events, breakdownWindows(JANUARY, size));
      expect(invoice).toEqual(whole(terms, events));
      expectSumsTo(breakdowns, invoice);
    }
  });
});
