import { describe, expect, it } from "vitest";
import { Decimal, max, min, ONE, sum, ZERO } from "./decimal";

describe("Decimal", () => {
  it("round-trips 30-digit amounts and 1e-12 exactly", () => {
    const big = "123456789012345678901234567890";
    expect(new Decimal(big).toString()).toBe(big);
    expect(new Decimal("0.000000000001").toString()).toBe("0.000000000001");
    expect(new Decimal(big).plus("0.000000000001").toString()).toBe(`${big}.000000000001`);
  });

  it("multiplies a 30-digit quantity by a 12-decimal price without rounding", () => {
    const product = new Decimal("999999999999999999999999999999").times("0.123456789012");
    expect(product.toString()).toBe("123456789011999999999999999999.876543210988");
  });

  it("rounds half-up by default and prints without exponent notation", () => {
    expect(new Decimal("2.5").toDecimalPlaces(0).toString()).toBe("3");
    expect(new Decimal("1e-20").toString()).toBe("0.00000000000000000001");
  });

  it("sums, and picks the smaller or larger of two values", () => {
    expect(sum([new Decimal("0.1"), new Decimal("0.2")]).toString()).toBe("0.3");
    expect(sum([]).eq(ZERO)).toBe(true);
    expect(sum(Array.from({ length: 250_000 }, () => ONE)).toString()).toBe("250000"); // beyond spread limits
    expect(min(ONE, ZERO)).toBe(ZERO);
    expect(min(ZERO, ONE)).toBe(ZERO);
    expect(max(ONE, ZERO)).toBe(ONE);
    expect(max(ZERO, ONE)).toBe(ONE);
  });
});
