import { describe, expect, it } from "vitest";
import { chargesByProduct, combineUsagePlans, usageOfPlan, withProposedRates } from "./price-simulation";
import { at, contract, d, event, flatRate, index, invoice, metric, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import { planUsage, usageFromEvents } from "./usage-plan";
import type { Rate } from "./types";

const MARCH = win("2024-03-01", "2024-04-01");
const products = [
  usageProduct("api"),
  usageProduct("tokens", { pricingGroupKey: ["model"], billableMetricId: "tokens-metric" }),
  usageProduct("peak", { billableMetricId: "peak-metric" }),
  product("seats", "SUBSCRIPTION"),
  product("fee", "FIXED"),
];
const metrics = [metric("api-metric", "COUNT"), metric("tokens-metric", "SUM", { aggregationKey: "tokens" }), metric("peak-metric", "MAX", { aggregationKey: "n" })];
const card = rateCard([
  flatRate("api", 10),
  flatRate("api", 11, "2024-03-15"),
  flatRate("api", 20, "2024-05-01"),
  flatRate("api", 1, "2023-01-01", { endingBefore: at("2024-01-01") }),
  flatRate("tokens", 5, "2024-01-01", { pricingGroupValues: { model: "large" } }),
  flatRate("tokens", 2, "2024-01-01", { pricingGroupValues: { model: "mini" } }),
  flatRate("peak", 3),
  flatRate("peak", 4, "2024-03-20"),
  { productId: "seats", rateType: "SUBSCRIPTION", price: d(100), startingAt: at("2024-01-01"), entitled: true, billingFrequency: "MONTHLY" } as Rate,
]);
const priceOf = (rate: Rate) => ("price" in rate ? rate.price.toString() : "tiers");
const proposed = (productId: string, price: number, extra: Partial<Rate> = {}) => flatRate(productId, price, "2024-06-01", extra);

describe("withProposedRates", () => {
  it("puts each proposed rate in force for the whole period, replacing the rates of its series that overlap it", () => {
    const after = withProposedRates(card, [proposed("api", 12, { endingBefore: at("2024-07-01") })], MARCH);
    expect(after.rates.filter((r) => r.productId === "api").map((r) => [priceOf(r), r.startingAt.toISOString(), r.endingBefore?.toISOString()])).toEqual([
      ["20", "2024-05-01T00:00:00.000Z", undefined],
      ["1", "2023-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
      ["12", "2024-03-01T00:00:00.000Z", undefined],
    ]);
    expect(after.rates.filter((r) => r.productId !== "api")).toEqual(card.rates.filter((r) => r.productId !== "api"));
  });

  it("replaces only the rate of the same pricing group values, whatever their key order", () => {
    const large = { model: "large" };
    const after = withProposedRates(card, [proposed("tokens", 7, { pricingGroupValues: large })], MARCH);
    expect(after.rates.filter((r) => r.productId === "tokens").map((r) => [r.pricingGroupValues!.model, priceOf(r)])).toEqual([
      ["mini", "2"],
      ["large", "7"],
    ]);
  });

  it("keeps the card's other fields", () => {
    const named = rateCard([], { name: "List" });
    expect(withProposedRates(named, [], MARCH)).toEqual(named);
  });
});

describe("one load of usage for two pricings", () => {
  const terms = contract({ startingAt: at("2024-01-01") });
  const before = index(card, products, metrics);
  const after = index(withProposedRates(card, [proposed("api", 12), proposed("peak", 9)], MARCH), products, metrics);
  const planBefore = planUsage({ contract: terms, rateCard: before, period: MARCH });
  const planAfter = planUsage({ contract: terms, rateCard: after, period: MARCH });
  const events = [
    event("a", "2024-03-02", {}, "api_call"),
    event("b", "2024-03-16", {}, "api_call"),
    event("c", "2024-03-18", { tokens: 1000, model: "large" }, "api_call"),
    event("p1", "2024-03-05", { n: 7 }, "api_call"),
    event("p2", "2024-03-25", { n: 3 }, "api_call"),
  ];

  it("asks for every window of either plan once", () => {
    const combined = combineUsagePlans([planBefore, planAfter]);
    const windows = (plan: typeof combined, id: string) => plan.products.find((p) => p.productId === id)!.windows.map((w) => `${w.startingAt.getUTCDate()}-${w.endingBefore.getUTCMonth() + 1}/${w.endingBefore.getUTCDate()}`);
    expect(windows(combined, "api")).toEqual(["1-3/15", "15-4/1", "1-4/1"]);
    expect(windows(combined, "peak")).toEqual(["1-3/20", "20-4/1", "1-4/1"]);
    expect(windows(combined, "tokens")).toEqual(["1-4/1"]);
    expect(combined.startingAt).toEqual(MARCH.startingAt);
  });

  it("gives each plan back exactly its records, so both invoices price the same usage", () => {
    const combined = combineUsagePlans([planBefore, planAfter]);
    const loaded = usageFromEvents(combined, after, events);
    expect(usageOfPlan(planBefore, loaded)).toEqual(usageFromEvents(planBefore, before, events));
    expect(usageOfPlan(planAfter, loaded)).toEqual(usageFromEvents(planAfter, after, events));
    const priced = (idx: typeof before, plan: typeof planBefore) => chargesByProduct(invoice(idx, terms, MARCH, usageOfPlan(plan, loaded)));
    const text = (charges: ReturnType<typeof chargesByProduct>) => charges.map((c) => `${c.productId}:${c.total.toString()}`);
    // api counts every event: 2 at 10 + 3 at 11 → 5 at 12; peak: max 7 at 3 + max 3 at 4 → max 7 at 9.
    expect(text(priced(before, planBefore))).toEqual(["api:53", "peak:33", "tokens:5000"]);
    expect(text(priced(after, planAfter))).toEqual(["api:60", "peak:63", "tokens:5000"]);
  });
});

describe("chargesByProduct", () => {
  it("sums charge lines per product and credit type, leaving out balance draws and discounts", () => {
    const idx = index(rateCard([flatRate("api", 10), flatRate("db", 2)]), [usageProduct("api", { pricingGroupKey: ["model"] }), usageProduct("db"), product("fee", "FIXED")]);
    const JAN = win("2024-01-01", "2024-02-01");
    const terms = contract({
      credits: [{ id: "promo", productId: "fee", accessSchedule: { scheduleItems: [{ id: "s", amount: d(50), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] } }],
    });
    const bill = invoice(idx, terms, JAN, [usage("api", 3, JAN, { model: "a" }), usage("db", 4, JAN), usage("api", 1, JAN, { model: "b" })]);
    expect(bill.lines.some((l) => l.type === "APPLIED_COMMIT_OR_CREDIT")).toBe(true);
    expect(chargesByProduct(bill).map((c) => [c.productId, c.creditType.id, c.total.toString()])).toEqual([
      ["api", "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "40"],
      ["db", "2714e483-4ff1-48e4-9e25-ac732e8f24f2", "8"],
    ]);
  });
});
