import { describe, expect, it } from "vitest";
import { breakdownUsagePlan, breakdownWindows, computeInvoiceBreakdowns } from "./breakdowns";
import type { Contract } from "./contract-terms";
import { computeInvoice } from "./invoice";
import { at, contract, d, event, flatRate, index, metric, rateCard, usageProduct, win } from "./test-support/builders";
import type { Invoice, Rate, UsageEvent } from "./types";
import { firstSharedUsage, usageFilterAt, validateUsageFilters, type UsageFilter } from "./usage-filters";
import { planUsage, usageFromEvents } from "./usage-plan";

// Usage filters split one customer's usage between its live contracts by a group key's value.
// Amounts are USD cents.

const JANUARY = win("2024-01-01", "2024-02-01");
const filter = (groupKey: string, groupValues: string[], from = "2024-01-01"): UsageFilter => ({ groupKey, groupValues, startingAt: at(from) });

// API calls, counted and grouped by region (and by team, a second key the metric keeps).
const calls = metric("calls", "COUNT", { groupKeys: [["region"], ["team"]] });
const api = usageProduct("api", { billableMetricId: "calls" });
const flat = index(rateCard([flatRate("api", 10)]), [api], [calls]);
// Graduated: the first 10 calls of the period at 10¢, the rest at 5¢.
const tieredRate = { productId: "api", rateType: "TIERED", tiers: [{ size: d(10), price: d(10) }, { price: d(5) }], startingAt: at("2024-01-01"), entitled: true } as Rate;
const tiered = index(rateCard([tieredRate]), [api], [calls]);

const calling = (tag: string, n: number, timestamp: string, properties: Record<string, unknown>): UsageEvent[] =>
  Array.from({ length: n }, (_, i) => event(`${tag}-${i}`, timestamp, properties));

function bill(terms: Contract, idx: typeof flat, events: UsageEvent[]): Invoice {
  const plan = planUsage({ contract: terms, rateCard: idx, period: JANUARY });
  return computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: usageFromEvents(plan, idx, events) });
}
const usageLines = (invoice: Invoice) => invoice.lines.filter((l) => l.type === "USAGE").map((l) => [l.startingAt.toISOString().slice(0, 10), l.quantity!.toFixed(), l.total.toFixed()]);

describe("worked examples", () => {
  // One customer, two contracts: US usage on one, EU usage on the other. 30 US calls, 20 EU
  // calls and 5 calls that carry no region.
  const events = [...calling("us", 30, "2024-01-10", { region: "us" }), ...calling("eu", 20, "2024-01-12", { region: "eu" }), ...calling("none", 5, "2024-01-14", {})];

  it("two contracts filtered by region=us and region=eu: each bills only its own events (300¢ and 200¢), an event with no region neither", () => {
    const us = bill(contract({ id: "us", usageFilters: [filter("region", ["us"])] }), flat, events);
    const eu = bill(contract({ id: "eu", usageFilters: [filter("region", ["eu"])] }), flat, events);
    // 30 × 10¢ = 300; 20 × 10¢ = 200. Unfiltered, one contract would bill all 55: 550.
    expect([us.total.toFixed(), eu.total.toFixed()]).toEqual(["300", "200"]);
    expect(bill(contract(), flat, events).total.toFixed()).toBe("550");
  });

  it("a filter of several values takes each of them", () => {
    expect(bill(contract({ usageFilters: [filter("region", ["us", "eu"])] }), flat, events).total.toFixed()).toBe("500");
  });

  it("a change mid-period moves the usage from its start; graduated tiers count from the period's start across the cut", () => {
    // Canada moves from contract A (us, ca) to contract B (eu) on the 16th. Events: 10 ca calls
    // on the 10th and 10 on the 20th, 5 us calls on the 20th, 8 eu calls on the 5th.
    const moving = [
      ...calling("ca1", 10, "2024-01-10", { region: "ca" }),
      ...calling("ca2", 10, "2024-01-20", { region: "ca" }),
      ...calling("us", 5, "2024-01-20", { region: "us" }),
      ...calling("eu", 8, "2024-01-05", { region: "eu" }),
    ];
    const a = contract({ id: "a", usageFilters: [filter("region", ["us", "ca"]), filter("region", ["us"], "2024-01-16")] });
    const b = contract({ id: "b", usageFilters: [filter("region", ["eu"]), filter("region", ["eu", "ca"], "2024-01-16")] });
    // A: to the 16th, the 10 ca calls of the 10th fill the 10¢ tier (100); from the 16th only us:
    // 5 calls, the 11th to 15th of the period, at 5¢ (25). 125.
    const billedA = bill(a, tiered, moving);
    expect(usageLines(billedA)).toEqual([
      ["2024-01-01", "10", "100"],
      ["2024-01-16", "5", "25"],
    ]);
    expect(billedA.total.toFixed()).toBe("125");
    // B: to the 16th, 8 eu calls at 10¢ (80); from the 16th the 10 ca calls of the 20th are the
    // 9th to 18th of its period: 2 at 10¢ and 8 at 5¢ (60). 140.
    const billedB = bill(b, tiered, moving);
    expect(usageLines(billedB)).toEqual([
      ["2024-01-01", "8", "80"],
      ["2024-01-16", "10", "60"],
    ]);
    expect(billedB.total.toFixed()).toBe("140");
    // Every event is billed once: 33 calls, 10 + 8 + 10 + 5.
    expect(billedA.lines.concat(billedB.lines).reduce((n, l) => n + Number(l.quantity), 0)).toBe(33);
  });

  it("a filter from a later date: the contract takes all usage before it", () => {
    // From the 11th, us only: the 30 us calls of the 10th are before it, so they count (300¢);
    // after it, the eu and unregioned calls of the 12th and 14th do not.
    const later = contract({ usageFilters: [filter("region", ["us"], "2024-01-11")] });
    expect(bill(later, flat, events).total.toFixed()).toBe("300");
    const fromTheStart = contract({ usageFilters: [filter("region", ["eu"], "2024-01-11")] });
    // Before the 11th all 30 us calls (300); from it the 20 eu calls (200).
    expect(bill(fromTheStart, flat, events).total.toFixed()).toBe("500");
  });

  it("a MAX metric is cut at the change, as at a price change: each window bills its own maximum", () => {
    const peak = metric("peak", "MAX", { aggregationKey: "gb", groupKeys: [["region"]] });
    const storage = usageProduct("storage", { billableMetricId: "peak" });
    const idx = index(rateCard([flatRate("storage", 100)]), [storage], [peak]);
    const gauges = [event("g1", "2024-01-03", { region: "us", gb: 4 }), event("g2", "2024-01-20", { region: "us", gb: 3 }), event("g3", "2024-01-21", { region: "eu", gb: 9 })];
    const terms = contract({ usageFilters: [filter("region", ["us"]), filter("region", ["eu"], "2024-01-16")] });
    const plan = planUsage({ contract: terms, rateCard: idx, period: JANUARY });
    const invoice = computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: usageFromEvents(plan, idx, gauges) });
    // To the 16th: max us 4 GB (400¢); from it: max eu 9 GB (900¢). The us 3 GB of the 20th is not its usage.
    expect(usageLines(invoice)).toEqual([
      ["2024-01-01", "4", "400"],
      ["2024-01-16", "9", "900"],
    ]);
  });

  it("breakdowns of a filtered invoice add up to it, each window read under its filter", () => {
    const terms = contract({ usageFilters: [filter("region", ["us"]), filter("region", ["eu"], "2024-01-11")] });
    const plan = breakdownUsagePlan(planUsage({ contract: terms, rateCard: flat, period: JANUARY }), breakdownWindows(JANUARY, "DAY"));
    const { invoice, breakdowns } = computeInvoiceBreakdowns({ contract: terms, rateCard: flat, period: JANUARY, usage: usageFromEvents(plan, flat, events), windows: breakdownWindows(JANUARY, "DAY") });
    // us calls of the 10th (300) and eu calls of the 12th (200).
    expect(invoice.total.toFixed()).toBe("500");
    expect(breakdowns.filter((b) => !b.total.isZero()).map((b) => [b.startingAt.toISOString().slice(0, 10), b.total.toFixed()])).toEqual([
      ["2024-01-10", "300"],
      ["2024-01-12", "200"],
    ]);
  });
});

describe("the plan", () => {
  it("cuts every usage window at a filter change and scopes each window by the filter then in force", () => {
    const terms = contract({ usageFilters: [filter("region", ["us"], "2024-01-05"), filter("team", ["core"], "2024-01-20")] });
    const plan = planUsage({ contract: terms, rateCard: flat, period: JANUARY });
    expect(plan.products[0]!.windows).toEqual([
      win("2024-01-01", "2024-01-05"),
      { ...win("2024-01-05", "2024-01-20"), scope: { groupKey: "region", groupValues: ["us"] } },
      { ...win("2024-01-20", "2024-02-01"), scope: { groupKey: "team", groupValues: ["core"] } },
    ]);
  });

  it("keeps the scope on the windows a breakdown cuts", () => {
    const terms = contract({ usageFilters: [filter("region", ["us"])] });
    const plan = breakdownUsagePlan(planUsage({ contract: terms, rateCard: flat, period: JANUARY }), [win("2024-01-01", "2024-01-02")]);
    expect(plan.products[0]!.windows.every((w) => w.scope?.groupKey === "region")).toBe(true);
  });
});

describe("usageFilterAt", () => {
  const schedule = [filter("region", ["us"], "2024-01-05"), filter("region", ["eu"], "2024-01-10")];
  it.each([
    ["2024-01-01", undefined],
    ["2024-01-05", ["us"]],
    ["2024-01-09T23:00", ["us"]],
    ["2024-01-10", ["eu"]],
    ["2025-01-01", ["eu"]],
  ])("at %s: %j", (instant, values) => {
    expect(usageFilterAt(schedule, at(instant))?.groupValues).toEqual(values);
  });
});

describe("firstSharedUsage", () => {
  const overlap = { startingAt: at("2024-01-01") };
  it.each<[string, UsageFilter[] | undefined, UsageFilter[] | undefined, object | undefined]>([
    ["disjoint values throughout", [filter("region", ["us"])], [filter("region", ["eu"])], undefined],
    ["no filters", undefined, undefined, { reason: "UNFILTERED", unfiltered: "both", startingAt: at("2024-01-01") }],
    ["one unfiltered", [filter("region", ["us"])], undefined, { reason: "UNFILTERED", unfiltered: "second" }],
    ["a shared value", [filter("region", ["us", "ca"])], [filter("region", ["eu", "ca"])], { reason: "SHARED_VALUES", groupKey: "region", groupValues: ["ca"] }],
    ["different keys", [filter("region", ["us"])], [filter("team", ["core"])], { reason: "OTHER_KEYS", groupKeys: ["region", "team"] }],
    ["a filter that starts late: unfiltered before it", [filter("region", ["us"], "2024-01-10")], [filter("region", ["eu"])], { reason: "UNFILTERED", unfiltered: "first", startingAt: at("2024-01-01") }],
    [
      "a later change that shares a value",
      [filter("region", ["us"]), filter("region", ["us", "eu"], "2024-02-01")],
      [filter("region", ["eu"])],
      { reason: "SHARED_VALUES", groupValues: ["eu"], startingAt: at("2024-02-01") },
    ],
    ["values moved from one to the other on the same instant", [filter("region", ["us", "ca"]), filter("region", ["us"], "2024-01-16")], [filter("region", ["eu"]), filter("region", ["eu", "ca"], "2024-01-16")], undefined],
  ])("%s", (_, a, b, expected) => {
    const shared = firstSharedUsage(a, b, overlap);
    if (expected === undefined) expect(shared).toBeUndefined();
    else expect(shared).toMatchObject(expected);
  });

  it("looks only inside the overlap", () => {
    const a = [filter("region", ["us"], "2023-12-01"), filter("region", ["eu"], "2024-03-01")];
    const b = [filter("region", ["eu"], "2023-12-01")];
    expect(firstSharedUsage(a, b, { startingAt: at("2024-01-01"), endingBefore: at("2024-03-01") })).toBeUndefined();
    expect(firstSharedUsage(a, b, { startingAt: at("2024-01-01"), endingBefore: at("2024-03-01T01:00") })).toMatchObject({ startingAt: at("2024-03-01") });
  });
});

describe("validation", () => {
  const terms = { id: "c", startingAt: at("2024-01-01") };
  it("takes a key every usage metric of the rate card groups by", () => {
    expect(() => validateUsageFilters([filter("team", ["core"])], terms, flat)).not.toThrow();
  });
  it("looks only at the usage products the rate card prices", () => {
    const unpriced = index(rateCard([flatRate("api", 10)]), [api, usageProduct("other", { billableMetricId: "other" })], [calls, metric("other", "COUNT")]);
    expect(() => validateUsageFilters([filter("region", ["us"])], terms, unpriced)).not.toThrow();
  });
  it.each<[string, UsageFilter[], RegExp]>([
    ["off the hour", [filter("region", ["us"], "2024-01-02T00:30")], /hour/],
    ["before the contract", [filter("region", ["us"], "2023-12-31")], /must not start before the contract/],
    ["out of order", [filter("region", ["us"], "2024-01-05"), filter("region", ["eu"], "2024-01-05")], /in order of startingAt/],
    ["with no key", [filter("", ["us"])], /needs a group key/],
    ["a key the metric does not group by", [filter("plan", ["pro"])], /billable metric calls \(of product api\) has no group key "plan"/],
  ])("refuses a filter %s", (_, filters, message) => {
    expect(() => validateUsageFilters(filters, terms, flat)).toThrow(message);
  });
  it("a contract with such a filter cannot be planned", () => {
    expect(() => planUsage({ contract: contract({ usageFilters: [filter("plan", ["pro"])] }), rateCard: flat, period: JANUARY })).toThrow(/no group key "plan"/);
  });
});
