import { describe, expect, it } from "vitest";
import { windowCosts, type CostLine } from "./costs";
import { d, win } from "./test-support/builders";
import type { CreditType } from "./types";

// Worked example: two days of a customer's costs. Day one bills 120¢ of calls in two regions and
// 500 GPU credits; day two bills nothing.

const USD: CreditType = { id: "usd", name: "USD (cents)", precision: 0 };
const GPU: CreditType = { id: "gpu", name: "GPU credits", precision: 2 };

describe("windowCosts", () => {
  it("sums each window's lines per credit type, naming a line's one presentation group", () => {
    const day1 = win("2026-03-01", "2026-03-02");
    const day2 = win("2026-03-02", "2026-03-03");
    const lines: Record<string, CostLine[]> = {
      [day1.startingAt.toISOString()]: [
        { name: "Calls", creditType: USD, total: d(70), presentationGroupValues: { region: "eu" } },
        { name: "Calls", creditType: USD, total: d(50), presentationGroupValues: { region: null } },
        { name: "GPU hours", creditType: GPU, total: d("500.25"), presentationGroupValues: { region: "eu", tier: "a" } },
      ],
    };
    const [first, second] = windowCosts([day1, day2], (w) => lines[w.startingAt.toISOString()] ?? []);
    expect([first!.startingAt, first!.endingBefore]).toEqual([day1.startingAt, day1.endingBefore]);
    expect([...first!.creditTypes.keys()]).toEqual(["usd", "gpu"]);
    const usd = first!.creditTypes.get("usd")!;
    expect([usd.creditType, usd.cost.toString()]).toEqual([USD, "120"]);
    expect(usd.lines.map((l) => [l.name, l.cost.toString(), l.groupKey, l.groupValue])).toEqual([
      ["Calls", "70", "region", "eu"],
      ["Calls", "50", "region", null],
    ]);
    // Two presentation keys: no one group to name.
    expect(first!.creditTypes.get("gpu")!.lines).toEqual([{ name: "GPU hours", cost: d("500.25") }]);
    expect(second!.creditTypes.size).toBe(0);
  });
});
