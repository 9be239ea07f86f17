import { describe, expect, it } from "vitest";
import { isAdjustmentLine } from "./line-items";
import type { LineItemType } from "./types";

describe("isAdjustmentLine", () => {
  const cases: [LineItemType, boolean][] = [
    ["USAGE", false],
    ["SUBSCRIPTION", false],
    ["SCHEDULED_CHARGE", false],
    ["COMMIT_PURCHASE", false],
    ["POSTPAID_TRUEUP", false],
    ["CPU_CONVERSION", false],
    ["DISCOUNT", true],
    ["APPLIED_COMMIT_OR_CREDIT", true],
  ];
  it.each(cases)("%s reduces the subtotal: %s", (type, adjustment) => {
    expect(isAdjustmentLine(type)).toBe(adjustment);
  });
});
