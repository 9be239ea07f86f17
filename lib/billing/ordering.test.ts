import { describe, expect, it } from "vitest";
import { comparePriority, compareText, inProductOrder } from "./ordering";

describe("ordering", () => {
  it("compares ids by code unit, whatever the locale", () => {
    expect(["b", "B", "a", "é", "e"].sort(compareText)).toEqual(["B", "a", "b", "e", "é"]);
    expect(compareText("x", "x")).toBe(0);
  });

  it("puts lower priorities first and unset ones last", () => {
    expect([3, undefined, 1, undefined, 2].sort(comparePriority)).toEqual([1, 2, 3, undefined, undefined]);
  });

  it("orders lines by their product's place in the card's order, stably, unlisted and productless lines last", () => {
    const lines = [{ productId: "a", n: 1 }, { n: 2 }, { productId: "b", n: 3 }, { productId: "c", n: 4 }, { productId: "a", n: 5 }];
    expect(inProductOrder(lines, ["c", "a"]).map((l) => l.n)).toEqual([4, 1, 5, 2, 3]);
    expect(inProductOrder(lines, []).map((l) => l.n)).toEqual([1, 2, 3, 4, 5]);
    expect(inProductOrder(lines, undefined)).not.toBe(lines);
  });
});
