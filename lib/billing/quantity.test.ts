import { describe, expect, it } from "vitest";
import { BillingInputError } from "./errors";
import { hasQuantityShaping, shapeQuantity, validateQuantityShaping } from "./quantity";
import { d, usageProduct } from "./test-support/builders";
import type { QuantityRounding } from "./types";

describe("quantity shaping", () => {
  it("converts by multiplying or dividing", () => {
    expect(shapeQuantity(d(1500), usageProduct("p", { quantityConversion: { conversionFactor: d(1000), operation: "DIVIDE" } })).toString()).toBe("1.5");
    expect(shapeQuantity(d(3), usageProduct("p", { quantityConversion: { conversionFactor: d(60), operation: "MULTIPLY" } })).toString()).toBe("180");
  });

  it.each([
    ["ROUND_UP", 0, "2.0001", "3"],
    ["ROUND_UP", 0, "2", "2"],
    ["ROUND_DOWN", 0, "2.9999", "2"],
    ["ROUND_HALF_UP", 0, "2.5", "3"],
    ["ROUND_HALF_UP", 0, "2.4999", "2"],
    ["ROUND_HALF_UP", 2, "1.005", "1.01"],
    ["ROUND_UP", 2, "1.001", "1.01"],
    ["ROUND_DOWN", 1, "0.99", "0.9"],
  ] as const)("%s to %i places: %s → %s", (roundingMethod, decimalPlaces, quantity, expected) => {
    const rounding: QuantityRounding = { roundingMethod, decimalPlaces };
    expect(shapeQuantity(d(quantity), usageProduct("p", { quantityRounding: rounding })).toString()).toBe(expected);
  });

  it("converts then rounds: bytes billed as whole GB, rounded up", () => {
    const gb = usageProduct("p", {
      quantityConversion: { conversionFactor: d(1e9), operation: "DIVIDE" },
      quantityRounding: { decimalPlaces: 0, roundingMethod: "ROUND_UP" },
    });
    expect(shapeQuantity(d("1000000001"), gb).toString()).toBe("2");
    expect(hasQuantityShaping(gb)).toBe(true);
    expect(hasQuantityShaping(usageProduct("p"))).toBe(false);
    expect(shapeQuantity(d(7), usageProduct("p")).toString()).toBe("7");
  });

  it("refuses a non-positive factor and fractional decimal places", () => {
    expect(() => validateQuantityShaping(usageProduct("p", { quantityConversion: { conversionFactor: d(0), operation: "DIVIDE" } }))).toThrow(
      BillingInputError,
    );
    expect(() =>
      validateQuantityShaping(usageProduct("p", { quantityRounding: { decimalPlaces: 1.5, roundingMethod: "ROUND_UP" } })),
    ).toThrow(/decimalPlaces/);
    expect(() =>
      validateQuantityShaping(usageProduct("p", { quantityRounding: { decimalPlaces: -1, roundingMethod: "ROUND_UP" } })),
    ).toThrow(/decimalPlaces/);
    expect(() => validateQuantityShaping(usageProduct("p"))).not.toThrow();
  });
});
