import { describe, expect, it } from "vitest";
import { fractionToPercent, percentToFraction } from "./percent";

describe("percentToFraction", () => {
  it.each([
    ["10", "0.1"],
    ["0.7", "0.007"],
    ["12.5", "0.125"],
    ["33.333333333333333333", "0.33333333333333333333"],
    ["100", "1"],
    ["0", "0"],
    [".5", "0.005"],
    ["5.", "0.05"],
    [" 15 ", "0.15"],
    ["15%", "0.15"],
    ["15 %", "0.15"],
    ["0.000001", "0.00000001"],
  ])("%j percent is the fraction %s, exactly", (text, fraction) => {
    expect(percentToFraction(text)).toBe(fraction);
  });

  it.each(["", "ten", "-5", "1e3", "1,5", "5%%"])("leaves %j for the schema to refuse", (text) => {
    expect(percentToFraction(text)).toBe(text);
  });
});

describe("fractionToPercent", () => {
  it.each([
    ["0.1", "10"],
    ["0.007", "0.7"],
    ["0.125", "12.5"],
    ["1", "100"],
    ["0", "0"],
  ])("%s is %s percent", (fraction, percent) => {
    expect(fractionToPercent(fraction)).toBe(percent);
  });

  it("undoes percentToFraction", () => {
    for (const percent of ["0.7", "12.5", "99.99", "0.01"]) expect(fractionToPercent(percentToFraction(percent))).toBe(percent);
  });
});
