import { describe, expect, it } from "vitest";
import type { Contract, Override, Subscription } from "./contract-terms";
import { BillingInputError } from "./errors";
import { computeInvoice } from "./invoice";
import { billingPeriodAt, billingPeriods } from "./periods";
import { at, contract, d, event, flatRate, index, metric, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { Rate, UsageEvent, Window } from "./types";
import { planUsage, usageFromEvents } from "./usage-plan";

/** The edge cases a finance team asks about, end to end: plan → aggregate → invoice. */

const api = usageProduct("api", { billableMetricId: "calls" });
const products = [api, product("fixed", "FIXED"), product("seats", "SUBSCRIPTION")];
const metrics = [metric("calls", "SUM", { aggregationKey: "tokens" })];

function bill(rates: Rate[], terms: Contract, period: Window, events: UsageEvent[]) {
  const card = index(rateCard(rates), products, metrics);
  const plan = planUsage({ contract: terms, rateCard: card, period });
  const invoice = computeInvoice({ contract: terms, rateCard: card, period, usage: usageFromEvents(plan, card, events) });
  return { plan, invoice };
}

describe("edge cases", () => {
  it("zero usage: no events bill nothing; a zero record bills a zero line", () => {
    const { invoice } = bill([flatRate("api", 5)], contract(), win("2024-01-01", "2024-02-01"), []);
    expect(invoice.lines).toEqual([]);
    expect(invoice.total.toString()).toBe("0");
    const zero = bill([flatRate("api", 5)], contract(), win("2024-01-01", "2024-02-01"), [event("e", "2024-01-03T00:00", { tokens: 0 })]);
    expect(zero.invoice.lines.map((l) => [l.quantity!.toString(), l.total.toString()])).toEqual([["0", "0"]]);
  });

  it("negative or non-numeric property values are rejected with a clear error, not coerced", () => {
    const period = win("2024-01-01", "2024-02-01");
    expect(() => bill([flatRate("api", 5)], contract(), period, [event("neg", "2024-01-03T00:00", { tokens: -12 })])).toThrow(
      new BillingInputError('event neg: property "tokens" must not be negative, got -12'),
    );
    expect(() => bill([flatRate("api", 5)], contract(), period, [event("nan", "2024-01-03T00:00", { tokens: "twelve" })])).toThrow(
      new BillingInputError('event nan: property "tokens" must be a number, got "twelve"'),
    );
  });

  it("a rate change exactly at a period boundary: each period is priced wholly at its own rate", () => {
    const rates = [flatRate("api", 5, "2024-01-01", { endingBefore: at("2024-02-01") }), flatRate("api", 7, "2024-02-01")];
    const events = [event("jan", "2024-01-31T23:00", { tokens: 10 }), event("feb", "2024-02-01T00:00", { tokens: 10 })];
    const january = bill(rates, contract(), win("2024-01-01", "2024-02-01"), events);
    const february = bill(rates, contract(), win("2024-02-01", "2024-03-01"), events);
    expect(january.plan.products[0]!.windows).toEqual([win("2024-01-01", "2024-02-01")]);
    expect([january.invoice.total.toString(), february.invoice.total.toString()]).toEqual(["50", "70"]);
  });

  it("a contract starting on the 31st: periods end on the 29th of a leap February, then the 31st of March", () => {
    const terms = contract({ startingAt: at("2024-01-31") });
    expect(billingPeriods(terms, at("2024-05-01"))).toEqual([
      win("2024-01-31", "2024-02-29"),
      win("2024-02-29", "2024-03-31"),
      win("2024-03-31", "2024-04-30"),
      win("2024-04-30", "2024-05-31"),
    ]);
    const events = [event("a", "2024-02-28T23:00", { tokens: 1 }), event("b", "2024-02-29T00:00", { tokens: 2 })];
    const first = bill([flatRate("api", 100)], terms, billingPeriodAt(terms, at("2024-02-01"))!, events);
    const second = bill([flatRate("api", 100)], terms, billingPeriodAt(terms, at("2024-03-01"))!, events);
    expect([first.invoice.total.toString(), second.invoice.total.toString()]).toEqual(["100", "200"]);
  });

  it("a 29-day February: a seat added on the 15th pays 15 of 29 days", () => {
    const terms = contract({
      startingAt: at("2024-02-01"),
      subscriptions: [
        {
          id: "s",
          productId: "seats",
          billingFrequency: "MONTHLY",
          collectionSchedule: "ADVANCE",
          proration: { isProrated: true },
          quantitySchedule: [{ quantity: d(1), startingAt: at("2024-02-01") }, { quantity: d(2), startingAt: at("2024-02-15") }],
        } satisfies Subscription,
      ],
    });
    const rate: Rate = { productId: "seats", rateType: "SUBSCRIPTION", price: d(2900), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true };
    const { invoice } = bill([rate], terms, win("2024-02-01", "2024-03-01"), []);
    // 2900¢ × 15/29 = 1500¢ exactly.
    expect(invoice.lines.map((l) => l.total.toString())).toEqual(["2900", "1500"]);
  });

  it("leap years: an annual contract from Feb 29 renews on Feb 28, and on Feb 29 again in the next leap year", () => {
    const terms = contract({ startingAt: at("2024-02-29"), usageStatementSchedule: { frequency: "ANNUAL", day: "CONTRACT_START" } });
    expect(billingPeriods(terms, at("2028-03-01")).map((p) => p.startingAt.toISOString().slice(0, 10))).toEqual([
      "2024-02-29",
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
      "2028-02-29",
    ]);
  });

  it("a commit that expires mid-period covers only the usage before its end", () => {
    const terms = contract({
      commits: [
        {
          id: "commit",
          type: "PREPAID",
          productId: "fixed",
          accessSchedule: { scheduleItems: [{ id: "s", amount: d(100000), startingAt: at("2023-01-01"), endingBefore: at("2024-01-10T06:00") }] },
        },
      ],
    });
    const events = [event("before", "2024-01-10T05:00", { tokens: 30 }), event("after", "2024-01-10T06:00", { tokens: 12 })];
    const { plan, invoice } = bill([flatRate("api", 10)], terms, win("2024-01-01", "2024-02-01"), events);
    expect(plan.products[0]!.windows).toEqual([win("2024-01-01", "2024-01-10T06:00"), win("2024-01-10T06:00", "2024-02-01")]);
    expect(invoice.lines.map((l) => [l.type, l.total.toString()])).toEqual([
      ["USAGE", "300"],
      ["USAGE", "120"],
      ["APPLIED_COMMIT_OR_CREDIT", "-300"],
    ]);
    expect(invoice.total.toString()).toBe("120");
  });

  it("overlapping overrides: the lowest multiplier wins where they overlap, each applies alone elsewhere", () => {
    const multiplier = (id: string, value: string, from: string, to: string) =>
      ({ id, type: "MULTIPLIER", multiplier: d(value), productId: "api", startingAt: at(from), endingBefore: at(to) }) as Override;
    const terms = contract({ overrides: [multiplier("a", "0.9", "2024-01-01", "2024-01-20"), multiplier("b", "0.5", "2024-01-10", "2024-02-01")] });
    const events = ["2024-01-05T00:00", "2024-01-15T00:00", "2024-01-25T00:00"].map((t, i) => event(`e${i}`, t, { tokens: 10 }));
    const { invoice } = bill([flatRate("api", 10)], terms, win("2024-01-01", "2024-02-01"), events);
    expect(invoice.lines.map((l) => [l.startingAt.toISOString().slice(5, 10), l.unitPrice!.toString(), l.total.toString()])).toEqual([
      ["01-01", "9", "90"],
      ["01-10", "5", "50"],
      ["01-20", "5", "50"],
    ]);
  });

  it("refuses a price change that is not on the hour, since hourly rollups could not split it", () => {
    expect(() => bill([flatRate("api", 5, "2024-01-15T10:30")], contract(), win("2024-01-01", "2024-02-01"), [])).toThrow(/hour boundary/);
  });

  it("usage of a draft invoice can arrive late; a regenerated invoice picks it up (pure: same input, same output)", () => {
    const early = [event("a", "2024-01-05T00:00", { tokens: 1 })];
    const late = [...early, event("b", "2024-01-06T00:00", { tokens: 2 })];
    const period = win("2024-01-01", "2024-02-01");
    expect(bill([flatRate("api", 5)], contract(), period, early).invoice).toEqual(bill([flatRate("api", 5)], contract(), period, early).invoice);
    expect(bill([flatRate("api", 5)], contract(), period, late).invoice.total.toString()).toBe("15");
  });

  it("usage records built by hand for a non-additive metric need one record per window", () => {
    const peak = usageProduct("peak", { billableMetricId: "peak" });
    const card = index(rateCard([flatRate("peak", 1)]), [peak], [metric("peak", "MAX")]);
    const period = win("2024-01-01", "2024-02-01");
    expect(() =>
      computeInvoice({ contract: contract(), rateCard: card, period, usage: [usage("peak", 1, win("2024-01-01", "2024-01-02")), usage("peak", 2, win("2024-01-02", "2024-01-03"))] }),
    ).toThrow(/exactly one record per planUsage window/);
  });
});
