import { describe, expect, it } from "vitest";
import type { PercentageDiscount } from "./contract-terms";
import { applyPercentageDiscounts, capAmountDiscounts } from "./discounts";
import { USD_CENTS } from "./money";
import { at, contract, d, index, product, rateCard, usageProduct, win } from "./test-support/builders";
import type { CreditType, LineItem } from "./types";

const JANUARY = win("2024-01-01", "2024-02-01");
const GPU: CreditType = { id: "gpu", name: "GPU", precision: 2 };
const idx = index(rateCard([]), [usageProduct("api", { tags: ["ai"] }), usageProduct("storage"), product("fee", "FIXED")]);
const line = (productId: string, total: string, start = "2024-01-01", creditType = USD_CENTS, type: LineItem["type"] = "USAGE"): LineItem => ({
  type,
  name: productId,
  productId,
  startingAt: at(start),
  endingBefore: at("2024-02-01"),
  creditType,
  total: d(total),
});
const discount = (id: string, fraction: string, extra: Partial<PercentageDiscount> = {}): PercentageDiscount => ({
  id,
  name: `${id} off`,
  fraction: d(fraction),
  startingAt: at("2024-01-01"),
  ...extra,
});

describe("percentage discounts", () => {
  it("take a rounded fraction off each line of the products in scope, while in force", () => {
    const lines = [line("api", "1001"), line("storage", "500"), line("api", "300", "2024-01-20"), line("api", "70", "2024-01-01", GPU)];
    const terms = contract({ percentageDiscounts: [discount("launch", "0.25", { applicableProductTags: ["ai"], endingBefore: at("2024-01-15") })] });
    const { discountLines, net } = applyPercentageDiscounts(terms, idx, JANUARY, lines);
    // 25% of 1001 = 250.25 → 250; the 20th is after the discount ended; GPU credits get their own line.
    expect(net.map(String)).toEqual(["751", "500", "300", "52.5"]);
    expect(discountLines.map((l) => [l.type, l.name, l.discountId, l.creditType.id, l.total.toString()])).toEqual([
      ["DISCOUNT", "launch off", "launch", USD_CENTS.id, "-250"],
      ["DISCOUNT", "launch off", "launch", "gpu", "-17.5"],
    ]);
  });

  it("aggregate a discount's lines per credit type and compound several discounts on one line", () => {
    const lines = [line("api", "1000"), line("storage", "1000")];
    const terms = contract({ percentageDiscounts: [discount("half", "0.5"), discount("tenth", "0.1", { applicableProductIds: ["api"] })] });
    const { discountLines, net } = applyPercentageDiscounts(terms, idx, JANUARY, lines);
    expect(net.map(String)).toEqual(["450", "500"]);
    expect(discountLines.map((l) => [l.discountId, l.total.toString()])).toEqual([
      ["half", "-1000"],
      ["tenth", "-50"],
    ]);
  });

  it("never leave −0 on a line", () => {
    const { discountLines } = applyPercentageDiscounts(contract({ percentageDiscounts: [discount("none", "0")] }), idx, JANUARY, [line("api", "10")]);
    expect(discountLines[0]!.total.isNegative()).toBe(false);
  });
});

describe("amount discounts (negative scheduled charges)", () => {
  it("are capped, in order, at what is left to bill in their credit type", () => {
    const billed = [line("api", "1000"), line("fee", "-300", "2024-01-01", USD_CENTS, "APPLIED_COMMIT_OR_CREDIT"), line("api", "50", "2024-01-01", GPU)];
    const discounts = [line("fee", "-500"), line("fee", "-500"), line("fee", "-100", "2024-01-01", GPU), line("fee", "-1", "2024-01-01", { id: "eur", name: "EUR", precision: 0 })];
    expect(capAmountDiscounts(discounts, billed).map((l) => l.total.toString())).toEqual(["-500", "-200", "-50", "0"]);
    expect(capAmountDiscounts([], billed)).toEqual([]);
  });
});
