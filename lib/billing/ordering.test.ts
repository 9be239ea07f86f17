import { describe, expect, it } from "vitest";
import { comparePriority, compareText } from "./ordering";

describe("ordering", () => {
  it("compares ids by code unit, whatever the locale", () => {
    expect(["b", "B", "a", "é", "e"].sort(compareText)).toEqual(["B", "a", "b", "e", "é"]);
    expect(compareText("x", "x")).toBe(0);
  });

  it("puts lower priorities first and unset ones last", () => {
    expect([3, undefined, 1, undefined, 2].sort(comparePriority)).toEqual([1, 2, 3, undefined, undefined]);
  });
});
