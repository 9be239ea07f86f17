import { describe, expect, it } from "vitest";
import { BillingInputError } from "./errors";
import { USD_CENTS } from "./money";
import { indexRateCard, listPrice, listRateAt, metricOf, productHasRateAt, productOf, rateBoundaries, rateCandidates } from "./rate-schedule";
import { at, d, flatRate, index, metric, product, rateCard, usageProduct } from "./test-support/builders";
import type { Rate } from "./types";

const api = usageProduct("api", { pricingGroupKey: ["model", "region"] });

describe("indexRateCard", () => {
  it("refuses rates it could not bill from", () => {
    const seats = product("seats", "SUBSCRIPTION");
    const cases: [Rate, RegExp][] = [
      [flatRate("nope", 1), /unknown product/],
      [{ ...flatRate("seats", 1) }, /a FLAT rate cannot price SUBSCRIPTION product seats/],
      [{ productId: "seats", rateType: "SUBSCRIPTION", price: d(1), startingAt: at("2024-01-01"), entitled: true }, /needs a billingFrequency/],
      [flatRate("api", 1, "2024-01-01T00:30"), /startingAt must be on an hour boundary/],
      [flatRate("api", 1, "2024-01-01", { endingBefore: at("2024-01-01T10:15") }), /endingBefore must be on an hour boundary/],
      [flatRate("api", 1, "2024-02-01", { endingBefore: at("2024-01-01") }), /must start before it ends/],
      [flatRate("api", 1, "2024-01-01", { pricingGroupValues: { color: "red" } }), /"color" is not a pricing group key/],
      [flatRate("api", -1), /price must not be negative/],
    ];
    for (const [rate, message] of cases) {
      expect(() => index(rateCard([rate]), [api, seats]), message.source).toThrow(message);
    }
  });

  it("refuses a usage product without a known metric, and bad quantity shaping", () => {
    expect(() => indexRateCard(rateCard([]), [usageProduct("api")], [])).toThrow(/needs a known billableMetricId/);
    expect(() => indexRateCard(rateCard([]), [{ id: "x", name: "x", type: "USAGE" }], [])).toThrow(/needs a known billableMetricId/);
    const bad = usageProduct("api", { quantityConversion: { conversionFactor: d(-2), operation: "MULTIPLY" } });
    expect(() => index(rateCard([]), [bad])).toThrow(BillingInputError);
  });

  it("lists composite products by id, and has no candidates for a product without rates", () => {
    const idx = index(rateCard([]), [product("z-support", "COMPOSITE"), product("a-platform", "COMPOSITE"), api]);
    expect(idx.composites.map((p) => p.id)).toEqual(["a-platform", "z-support"]);
    expect(rateCandidates(idx, api, { model: "x", region: null })).toEqual([]);
  });

  it("indexes products, metrics, boundaries and list prices", () => {
    const rate = flatRate("api", 2, "2024-01-01", { endingBefore: at("2024-02-01") });
    const later = flatRate("api", 3, "2024-02-01");
    const idx = indexRateCard(rateCard([rate, later]), [api], [metric("api-metric")]);
    expect(idx.fiatCreditType).toBe(USD_CENTS);
    expect(productOf(idx, "api")).toBe(api);
    expect(() => productOf(idx, "ghost")).toThrow(/unknown product ghost/);
    expect(metricOf(idx, api).id).toBe("api-metric");
    expect(rateBoundaries(idx, "api")).toEqual([at("2024-01-01").getTime(), at("2024-02-01").getTime()]);
    expect(rateBoundaries(idx, "other")).toEqual([]);
    expect(listPrice(idx, rate)).toEqual({ spec: rate, creditType: USD_CENTS });
  });
});

describe("which list rate applies when", () => {
  const old = flatRate("api", 2, "2024-01-01");
  const raise = flatRate("api", 3, "2024-03-01");
  const gpt = flatRate("api", 10, "2024-01-01", { pricingGroupValues: { model: "gpt" } });
  const gptEu = flatRate("api", 12, "2024-01-01", { pricingGroupValues: { model: "gpt", region: "eu" } });
  const retired = flatRate("api", 99, "2024-01-01", { endingBefore: at("2024-02-01"), pricingGroupValues: { model: "old" } });
  const idx = index(rateCard([old, raise, gpt, gptEu, retired]), [api]);
  const rateFor = (values: Record<string, string | null>, when: string) => listRateAt(rateCandidates(idx, api, values), at(when));

  it("supersedes a rate from the date a later one starts (grandfathering by construction)", () => {
    expect(rateFor({ model: "claude", region: null }, "2024-02-29T23:00")).toBe(old);
    expect(rateFor({ model: "claude", region: null }, "2024-03-01")).toBe(raise);
  });

  it("prefers the most specific pricing group match", () => {
    expect(rateFor({ model: "gpt", region: "us" }, "2024-06-01")).toBe(gpt);
    expect(rateFor({ model: "gpt", region: "eu" }, "2024-06-01")).toBe(gptEu);
  });

  it("stops a rate at its ending_before", () => {
    expect(rateFor({ model: "old", region: null }, "2024-01-31T23:00")).toBe(retired);
    expect(rateFor({ model: "old", region: null }, "2024-02-01")).toBe(old);
  });

  it("has no rate before the first one starts, and memoizes candidates per group", () => {
    expect(rateFor({ model: "gpt", region: null }, "2023-12-31T23:00")).toBeUndefined();
    expect(rateCandidates(idx, api, { model: "gpt", region: null })).toBe(rateCandidates(idx, api, { model: "gpt", region: null }));
    expect(productHasRateAt(idx, "api", at("2023-12-01"))).toBe(false);
    expect(productHasRateAt(idx, "api", at("2024-01-01"))).toBe(true);
    expect(productHasRateAt(idx, "unknown", at("2024-01-01"))).toBe(false);
  });

  it("selects subscription rates by billing frequency", () => {
    const seats = product("seats", "SUBSCRIPTION");
    const monthly: Rate = { productId: "seats", rateType: "SUBSCRIPTION", price: d(10), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true };
    const annual: Rate = { ...monthly, price: d(100), billingFrequency: "ANNUAL" };
    const seatIndex = index(rateCard([monthly, annual]), [seats]);
    expect(listRateAt(rateCandidates(seatIndex, seats, {}, "ANNUAL"), at("2024-05-01"))).toBe(annual);
    expect(listRateAt(rateCandidates(seatIndex, seats, {}, "QUARTERLY"), at("2024-05-01"))).toBeUndefined();
  });
});
