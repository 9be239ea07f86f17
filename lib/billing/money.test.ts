import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { isAtPrecision, roundLineTotal, sameCreditType, USD_CENTS } from "./money";
import type { CreditType } from "./types";

const GPU_CREDITS: CreditType = { id: "gpu", name: "GPU credits", precision: 4 };

describe("roundLineTotal: each line rounded once, half-up, to its credit type's precision", () => {
  it.each([
    // [amount, credit type, expected]
    ["0", USD_CENTS, "0"],
    ["0.4", USD_CENTS, "0"],
    ["0.5", USD_CENTS, "1"], // half a cent rounds up
    ["0.49999999999", USD_CENTS, "0"],
    ["1.5", USD_CENTS, "2"], // half-up, not banker's (which would give 2 too)
    ["2.5", USD_CENTS, "3"], // banker's rounding would give 2
    ["1234.5", USD_CENTS, "1235"],
    ["1234.50000000001", USD_CENTS, "1235"],
    ["99.4999", USD_CENTS, "99"],
    ["-0.5", USD_CENTS, "-1"], // adjustments: halves move away from zero
    ["-2.4", USD_CENTS, "-2"],
    ["10", USD_CENTS, "10"],
    ["0.00005", GPU_CREDITS, "0.0001"], // custom unit: its own precision
    ["0.00004999", GPU_CREDITS, "0"],
    ["12.34565", GPU_CREDITS, "12.3457"],
    ["12.3456", GPU_CREDITS, "12.3456"],
  ] as const)("%s in %s → %s", (amount, creditType, expected) => {
    expect(roundLineTotal(new Decimal(amount), creditType).toString()).toBe(expected);
  });

  it("never returns −0", () => {
    for (const amount of ["-0", "-0.4", "-0.00001"]) expect(roundLineTotal(new Decimal(amount), USD_CENTS).isNegative()).toBe(false);
  });

  it("tells whether an amount fits a credit type's precision", () => {
    expect(isAtPrecision(new Decimal("12"), USD_CENTS)).toBe(true);
    expect(isAtPrecision(new Decimal("12.5"), USD_CENTS)).toBe(false);
    expect(isAtPrecision(new Decimal("12.5"), GPU_CREDITS)).toBe(true);
  });

  it("compares credit types by id", () => {
    expect(sameCreditType(USD_CENTS, { ...USD_CENTS, name: "renamed" })).toBe(true);
    expect(sameCreditType(USD_CENTS, GPU_CREDITS)).toBe(false);
  });
});
