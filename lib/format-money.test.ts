import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/billing/money";
import { formatAmount, fromInputAmount, toInputAmount } from "./format-money";

const GPU = { id: "9c1f6c7e-6a0b-4f43-9f2e-3b1b8c6d2a10", name: "GPU credits" };

describe("console amounts", () => {
  it.each([
    ["0", "$0.00"],
    ["1", "$0.01"],
    ["0.5", "$0.005"],
    ["123456789", "$1,234,567.89"],
    ["0.000001", "$0.00000001"],
    ["-250", "-$2.50"],
    ["1000.10", "$10.001"],
  ])("shows %s USD cents as %s", (cents, shown) => {
    expect(formatAmount(cents, USD_CENTS)).toBe(shown);
  });

  it("shows other units in their own name, every digit kept", () => {
    expect(formatAmount("12345.678", GPU)).toBe("12,345.678 GPU credits");
  });

  it.each([
    ["10", "1000"],
    ["$1,234.5", "123450"],
    ["0.00000001", "0.000001"],
    ["0.005", "0.5"],
    ["-1.25", "-125"],
    ["abc", "abc"],
    ["1e3", "1e3"],
  ])("reads typed dollars %s as %s cents, exactly", (typed, cents) => {
    expect(fromInputAmount(typed, USD_CENTS)).toBe(cents);
  });

  it("round-trips cents through an input without a float", () => {
    for (const cents of ["0.000000123456789012345678", "99999999999999999999.99", "1"]) {
      expect(fromInputAmount(toInputAmount(cents, USD_CENTS), USD_CENTS)).toBe(cents);
    }
    expect(fromInputAmount("2.5", GPU)).toBe("2.5");
    expect(toInputAmount("2.5", GPU)).toBe("2.5");
  });
});
