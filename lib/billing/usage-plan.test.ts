import { describe, expect, it } from "vitest";
import type { Override } from "./contract-terms";
import { at, contract, d, event, flatRate, index, metric, product, rateCard, usageProduct, win } from "./test-support/builders";
import { planUsage, usageFromEvents, usageGroupKeys, usageWindows } from "./usage-plan";

const JANUARY = win("2024-01-01", "2024-02-01");
const tokens = usageProduct("tokens", { pricingGroupKey: ["model"], presentationGroupKey: ["project", "model"], tags: ["ai"] });
const seatsUsed = usageProduct("seats-used", { billableMetricId: "max-seats" });
const launched = usageProduct("launched");
const idx = index(
  rateCard([flatRate("tokens", 1), flatRate("tokens", 2, "2024-01-16"), flatRate("seats-used", 5), flatRate("launched", 1, "2024-01-20"), flatRate("tokens", 1, "2025-01-01")]),
  [tokens, seatsUsed, launched, usageProduct("unpriced"), product("fee", "FIXED")],
  [metric("max-seats", "MAX", { aggregationKey: "seats" }), metric("tokens-metric", "SUM", { aggregationKey: "tokens" })],
);
const terms = contract({
  overrides: [{ id: "promo", type: "MULTIPLIER", multiplier: d("0.5"), applicableProductTags: ["ai"], startingAt: at("2024-01-05"), endingBefore: at("2024-01-08") } as Override],
  credits: [{ id: "c", productId: "fee", accessSchedule: { scheduleItems: [{ id: "s", amount: d(100), startingAt: at("2023-12-01"), endingBefore: at("2024-01-20T12:00") }] } }],
  percentageDiscounts: [{ id: "p", name: "p", fraction: d("0.1"), applicableProductIds: ["tokens"], startingAt: at("2024-01-25") }],
});

describe("usage windows", () => {
  it("cut additive usage wherever a price, an override, a discount or a balance segment changes", () => {
    expect(usageWindows(terms, idx, tokens, JANUARY)).toEqual([
      win("2024-01-01", "2024-01-05"),
      win("2024-01-05", "2024-01-08"),
      win("2024-01-08", "2024-01-16"),
      win("2024-01-16", "2024-01-20T12:00"),
      win("2024-01-20T12:00", "2024-01-25"),
      win("2024-01-25", "2024-02-01"),
    ]);
  });

  it("cut non-additive usage only where its price changes", () => {
    expect(usageWindows(terms, idx, seatsUsed, JANUARY)).toEqual([JANUARY]);
  });

  it("group by pricing keys then presentation keys, once each", () => {
    expect(usageGroupKeys(tokens)).toEqual(["model", "project"]);
    expect(usageGroupKeys(tokens)).toBe(usageGroupKeys(tokens));
    expect(usageGroupKeys(seatsUsed)).toEqual([]);
  });
});

describe("planUsage", () => {
  it("asks for each priced usage product's metric per window, skipping windows with no rate", () => {
    const plan = planUsage({ contract: terms, rateCard: idx, period: JANUARY });
    expect(plan).toMatchObject({ contractId: "contract", startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") });
    expect(plan.products.map((p) => [p.productId, p.billableMetricId, p.aggregationType, p.groupKeys, p.windows.length])).toEqual([
      ["launched", "launched-metric", "SUM", [], 2],
      ["seats-used", "max-seats", "MAX", [], 1],
      ["tokens", "tokens-metric", "SUM", ["model", "project"], 6],
    ]);
    expect(plan.products[0]!.windows).toEqual([win("2024-01-20", "2024-01-20T12:00"), win("2024-01-20T12:00", "2024-02-01")]);
  });

  it("validates the contract and the period", () => {
    expect(() => planUsage({ contract: terms, rateCard: idx, period: win("2023-12-01", "2024-01-01") })).toThrow(/within the contract/);
    expect(() => planUsage({ contract: contract({ startingAt: at("2024-01-01T00:30") }), rateCard: idx, period: JANUARY })).toThrow(/hour boundary/);
  });
});

describe("usageFromEvents", () => {
  it("aggregates raw events into the plan's records", () => {
    const plan = planUsage({ contract: contract(), rateCard: idx, period: JANUARY });
    const events = [
      event("1", "2024-01-02T10:00", { tokens: 100, model: "gpt", project: "a" }),
      event("2", "2024-01-20T10:00", { tokens: 50, model: "gpt", project: "a" }),
      event("3", "2024-01-21T10:00", { tokens: 7, model: "claude" }),
      event("4", "2024-01-03T00:00", { seats: 4 }),
      event("5", "2024-01-30T00:00", { seats: 9 }),
    ];
    const records = usageFromEvents(plan, idx, events).map((r) => [r.productId, JSON.stringify(r.groupValues), r.startingAt.toISOString().slice(0, 10), r.quantity.toString()]);
    expect(records).toEqual([
      ["seats-used", "{}", "2024-01-01", "9"],
      ["tokens", '{"model":"gpt","project":"a"}', "2024-01-01", "100"],
      ["tokens", '{"model":"gpt","project":"a"}', "2024-01-16", "50"],
      ["tokens", '{"model":"claude","project":null}', "2024-01-16", "7"],
    ]);
  });
});
