import { describe, expect, it } from "vitest";
import { compositeLines } from "./composite-charges";
import { contractPricing } from "./contract-pricing";
import type { Contract, Override } from "./contract-terms";
import { USD_CENTS } from "./money";
import { at, contract, d, flatRate, index, product, rateCard, win } from "./test-support/builders";
import type { CreditType, LineItem, Rate } from "./types";

const JANUARY = win("2024-01-01", "2024-02-01");
const GPU: CreditType = { id: "gpu", name: "GPU", precision: 2 };
const support = product("support", "COMPOSITE", { name: "Premium support", compositeProductIds: ["api"], compositeTags: ["compute"] });
const percentage = (price: string, extra: Partial<Rate> = {}): Rate =>
  ({ productId: "support", rateType: "PERCENTAGE", price: d(price), startingAt: at("2024-01-01"), entitled: true, ...extra }) as Rate;
const products = [support, product("api", "USAGE", { billableMetricId: "m" }), product("gpu", "USAGE", { billableMetricId: "m", tags: ["compute"] }), product("other", "USAGE", { billableMetricId: "m" })];
const line = (productId: string, total: number, start = "2024-01-01", creditType = USD_CENTS): LineItem => ({
  type: "USAGE",
  name: productId,
  productId,
  startingAt: at(start),
  endingBefore: at("2024-02-01"),
  creditType,
  total: d(total),
});
const covered = [line("api", 100000), line("gpu", 50000), line("other", 999999), line("api", 700, "2024-01-01", GPU)];

function composite(rates: Rate[], terms: Contract = contract()) {
  const idx = index(rateCard([...rates, flatRate("api", 1), flatRate("gpu", 1), flatRate("other", 1)]), products);
  return compositeLines(contractPricing(terms, idx), JANUARY, covered).map((l) => [l.name, l.quantity!.toString(), l.unitPrice!.toString(), l.total.toString(), l.startingAt.toISOString().slice(5, 10)]);
}

describe("composite (percentage) lines", () => {
  it("charges a fraction of the spend on the products covered by id or tag, in the rate's credit type", () => {
    expect(composite([percentage("0.1")])).toEqual([["Premium support", "150000", "0.1", "15000", "01-01"]]);
  });

  it("covers only the listed products when it has no composite tags", () => {
    const byId = product("support", "COMPOSITE", { compositeProductIds: ["api"] });
    const idx = index(rateCard([percentage("0.1")]), [byId, ...products.slice(1)]);
    expect(compositeLines(contractPricing(contract(), idx), JANUARY, covered).map((l) => l.quantity!.toString())).toEqual(["100000"]);
  });

  it("holds the charge between a minimum and a maximum", () => {
    expect(composite([percentage("0.1", { minimum: d(20000) } as Partial<Rate>)])[0]![3]).toBe("20000");
    expect(composite([percentage("0.1", { maximum: d(10000) } as Partial<Rate>)])[0]![3]).toBe("10000");
  });

  it("charges the minimum even without covered spend, and nothing when there is neither", () => {
    const idx = index(rateCard([percentage("0.1", { minimum: d(500) } as Partial<Rate>)]), products);
    expect(compositeLines(contractPricing(contract(), idx), JANUARY, []).map((l) => l.total.toString())).toEqual(["500"]);
    const plain = index(rateCard([percentage("0.1")]), products);
    expect(compositeLines(contractPricing(contract(), plain), JANUARY, [])).toEqual([]);
  });

  it("splits at a mid-period change of the composite's own rate, each side on its own spend", () => {
    const idx = index(
      rateCard([percentage("0.1", { endingBefore: at("2024-01-10") } as Partial<Rate>), percentage("0.2", { startingAt: at("2024-01-10") } as Partial<Rate>)]),
      products,
    );
    const lines = compositeLines(contractPricing(contract(), idx), JANUARY, [line("api", 1000), line("api", 3000, "2024-01-10")]);
    expect(lines.map((l) => [l.startingAt.toISOString().slice(5, 10), l.quantity!.toString(), l.total.toString()])).toEqual([
      ["01-01", "1000", "100"],
      ["01-10", "3000", "600"],
    ]);
  });

  it("follows overrides on the composite product, and skips it when not entitled", () => {
    const half = { id: "o", type: "MULTIPLIER", multiplier: d("0.5"), productId: "support", startingAt: at("2024-01-01") } as Override;
    expect(composite([percentage("0.1")], contract({ overrides: [half] }))[0]![3]).toBe("7500");
    expect(composite([percentage("0.1", { entitled: false })])).toEqual([]);
  });
});
