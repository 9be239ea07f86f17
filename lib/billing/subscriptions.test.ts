import { describe, expect, it } from "vitest";
import type { Subscription } from "./contract-terms";
import { USD_CENTS } from "./money";
import { roundLineTotal } from "./money";
import { subscriptionCharges } from "./subscriptions";
import { at, contract, d, win } from "./test-support/builders";
import type { EffectiveRate } from "./types";

const $20: EffectiveRate = { spec: { rateType: "SUBSCRIPTION", price: d(2000) }, creditType: USD_CENTS };
const terms = contract();
const JANUARY = win("2024-01-01", "2024-02-01");
const FEBRUARY = win("2024-02-01", "2024-03-01");

const seats = (extra: Partial<Subscription> = {}): Subscription => ({
  id: "seats",
  productId: "seats",
  billingFrequency: "MONTHLY",
  collectionSchedule: "ADVANCE",
  proration: { isProrated: true },
  quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-01") }],
  ...extra,
});

/** [window start, window end, quantity, rounded total, prorated] per charge. */
function charges(subscription: Subscription, period = JANUARY, rateAt = (_: Date) => $20, endingBefore?: Date) {
  return subscriptionCharges(subscription, endingBefore ? { ...terms, endingBefore } : terms, period, rateAt).map((c) => [
    c.startingAt.toISOString().slice(0, 10),
    c.endingBefore.toISOString().slice(0, 10),
    c.quantity.toString(),
    roundLineTotal(c.amount, c.creditType).toString(),
    c.isProrated,
  ]);
}

describe("subscription charges", () => {
  it("charges a full period at the unprorated price", () => {
    expect(charges(seats())).toEqual([["2024-01-01", "2024-02-01", "10", "20000", false]]);
    expect(charges(seats({ collectionSchedule: "ARREARS" }))).toEqual([["2024-01-01", "2024-02-01", "10", "20000", false]]);
  });

  it("prorates by exact time when the subscription starts mid-period", () => {
    // 16 of January's 31 days: 10 × $20 × 16/31 = $103.2258… → 10323¢.
    const midMonth = seats({ startingAt: at("2024-01-16"), quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-16") }] });
    expect(charges(midMonth)).toEqual([["2024-01-16", "2024-02-01", "10", "10323", true]]);
    expect(charges({ ...midMonth, proration: { isProrated: false } })).toEqual([["2024-01-16", "2024-02-01", "10", "20000", false]]);
  });

  it("in advance: charges added seats for the rest of the period, never refunds removed ones", () => {
    const more = seats({ quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-01") }, { quantity: d(15), startingAt: at("2024-01-11") }] });
    // 5 more seats for 21 of 31 days: 5 × 2000 × 21/31 = 6774.19…
    expect(charges(more)).toEqual([
      ["2024-01-01", "2024-02-01", "10", "20000", false],
      ["2024-01-11", "2024-02-01", "5", "6774", true],
    ]);
    const fewer = seats({ quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-01") }, { quantity: d(5), startingAt: at("2024-01-11") }] });
    expect(charges(fewer)).toEqual([["2024-01-01", "2024-02-01", "10", "20000", false]]);
    expect(charges(fewer, FEBRUARY)).toEqual([["2024-02-01", "2024-03-01", "5", "10000", false]]);
    expect(charges({ ...more, proration: { isProrated: false } })).toEqual([
      ["2024-01-01", "2024-02-01", "10", "20000", false],
      ["2024-01-11", "2024-02-01", "5", "10000", false],
    ]);
  });

  it("in arrears: charges the seats held for the time held, or the most seats unprorated", () => {
    const fewer = seats({
      collectionSchedule: "ARREARS",
      quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-01") }, { quantity: d(5), startingAt: at("2024-01-11") }],
    });
    expect(charges(fewer)).toEqual([
      ["2024-01-01", "2024-01-11", "10", "6452", true],
      ["2024-01-11", "2024-02-01", "5", "6774", true],
    ]);
    expect(charges({ ...fewer, proration: { isProrated: false } })).toEqual([["2024-01-01", "2024-02-01", "10", "20000", false]]);
  });

  it("bills an annual subscription once a year: at its start in advance, at its end in arrears", () => {
    const yearly = seats({ billingFrequency: "ANNUAL" });
    expect(charges(yearly)).toEqual([["2024-01-01", "2025-01-01", "10", "20000", false]]);
    expect(charges(yearly, FEBRUARY)).toEqual([]);
    const arrears = { ...yearly, collectionSchedule: "ARREARS" as const };
    expect(charges(arrears)).toEqual([]);
    expect(charges(arrears, win("2024-12-01", "2025-01-01"))).toEqual([["2024-01-01", "2025-01-01", "10", "20000", false]]);
  });

  it("stops at its end or the contract's, prorating the last period", () => {
    const ending = seats({ collectionSchedule: "ARREARS", endingBefore: at("2024-01-21") });
    expect(charges(ending)).toEqual([["2024-01-01", "2024-01-21", "10", "12903", true]]);
    expect(charges(seats(), JANUARY, () => $20, at("2024-01-21"))).toEqual([["2024-01-01", "2024-01-21", "10", "12903", true]]);
    expect(charges(seats({ endingBefore: at("2024-01-21") }), FEBRUARY)).toEqual([]);
  });

  it("charges nothing for zero seats, before the first quantity, or for a subscription that ends before it starts", () => {
    expect(charges(seats({ quantitySchedule: [{ quantity: d(0), startingAt: at("2024-01-01") }] }))).toEqual([]);
    expect(charges(seats({ collectionSchedule: "ARREARS", quantitySchedule: [] }))).toEqual([]);
    expect(charges(seats({ collectionSchedule: "ARREARS", proration: { isProrated: false }, quantitySchedule: [] }))).toEqual([]);
    expect(charges(seats({ quantitySchedule: [{ quantity: d(4), startingAt: at("2024-01-31") }] }))).toEqual([
      ["2024-01-31", "2024-02-01", "4", "258", true],
    ]);
    expect(charges(seats({ startingAt: at("2024-01-20"), endingBefore: at("2024-01-10") }))).toEqual([]);
  });

  it("prices each cycle at the rate in force when it starts", () => {
    const $30: EffectiveRate = { ...$20, spec: { rateType: "SUBSCRIPTION", price: d(3000) } };
    const rateAt = (when: Date) => (when < at("2024-01-15") ? $20 : $30);
    const more = seats({ quantitySchedule: [{ quantity: d(10), startingAt: at("2024-01-01") }, { quantity: d(11), startingAt: at("2024-01-20") }] });
    expect(charges(more, JANUARY, rateAt)).toEqual([
      ["2024-01-01", "2024-02-01", "10", "20000", false],
      ["2024-01-20", "2024-02-01", "1", "774", true],
    ]);
    expect(charges(more, FEBRUARY, rateAt)).toEqual([["2024-02-01", "2024-03-01", "11", "33000", false]]);
  });

  it("follows its own billing anchor when given", () => {
    const anchored = seats({ billingCycleAnchor: at("2023-12-15") });
    expect(charges(anchored)).toEqual([
      ["2024-01-01", "2024-01-15", "10", "9032", true],
      ["2024-01-15", "2024-02-15", "10", "20000", false],
    ]);
  });
});
