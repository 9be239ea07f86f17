import { describe, expect, it } from "vitest";
import { contractPricing } from "./contract-pricing";
import type { Override } from "./contract-terms";
import { USD_CENTS } from "./money";
import { at, contract, d, flatRate, index, rateCard, usageProduct } from "./test-support/builders";

const api = usageProduct("api", { tags: ["ai"] });
const list = flatRate("api", 10);
const hidden = flatRate("api", 99, "2024-01-01", { entitled: false, pricingGroupValues: {} });

describe("contract pricing", () => {
  it("resolves list prices without overrides, once per rate", () => {
    const pricing = contractPricing(contract(), index(rateCard([list]), [api]));
    const rateAt = pricing.rateResolver(api, {});
    expect(rateAt(at("2024-01-05"))).toEqual({ spec: list, creditType: USD_CENTS });
    expect(rateAt(at("2024-01-05"))).toBe(rateAt(at("2024-01-20")));
    expect(rateAt(at("2023-12-31T23:00"))).toBe("NO_RATE");
  });

  it("reports a rate that is not entitled, unless an override entitles it", () => {
    const card = index(rateCard([hidden]), [api]);
    expect(contractPricing(contract(), card).rateResolver(api, {})(at("2024-01-05"))).toBe("NOT_ENTITLED");
    const entitle = { id: "on", productId: "api", startingAt: at("2024-01-01"), entitled: true } as Override;
    expect(contractPricing(contract({ overrides: [entitle] }), card).rateResolver(api, {})(at("2024-01-05"))).toEqual({ spec: hidden, creditType: USD_CENTS });
  });

  it("applies the contract's overrides and remembers which touch a product", () => {
    const half = { id: "half", type: "MULTIPLIER", multiplier: d("0.5"), applicableProductTags: ["ai"], startingAt: at("2024-01-10") } as Override;
    const pricing = contractPricing(contract({ overrides: [half] }), index(rateCard([list]), [api]));
    expect(pricing.overridesOf(api)).toBe(pricing.overridesOf(api));
    const rateAt = pricing.rateResolver(api, {});
    expect(rateAt(at("2024-01-05"))).toEqual({ spec: list, creditType: USD_CENTS });
    expect(rateAt(at("2024-01-15"))).toMatchObject({ bands: [{ multiplier: d("0.5") }] });
  });
});
