import { describe, expect, it } from "vitest";
import { diffInvoices, lineKey } from "./diff";
import { computeInvoice } from "./invoice";
import { computeScheduledInvoices } from "./scheduled-invoices";
import { contract, d, flatRate, index, product, rateCard, usage, usageProduct, win, at } from "./test-support/builders";

const JANUARY = win("2024-01-01", "2024-02-01");
const idx = index(rateCard([flatRate("api", 2, "2024-01-01"), flatRate("db", 5)]), [
  usageProduct("api", { pricingGroupKey: ["model"] }),
  usageProduct("db"),
  product("fee", "FIXED"),
]);
const terms = contract({
  scheduledCharges: [
    { id: "twice", productId: "fee", schedule: { scheduleItems: [{ timestamp: at("2024-01-05"), amount: d(100) }, { timestamp: at("2024-01-05"), amount: d(100) }] } },
  ],
});
const bill = (records: ReturnType<typeof usage>[]) => computeInvoice({ contract: terms, rateCard: idx, period: JANUARY, usage: records });

describe("diffInvoices", () => {
  it("matches lines by what they bill for and reports added, removed and changed ones", () => {
    const before = bill([usage("api", 10, JANUARY, { model: "a" }), usage("db", 3, JANUARY)]);
    const after = bill([usage("api", 12, JANUARY, { model: "a" }), usage("api", 1, JANUARY, { model: "b" })]);
    const diff = diffInvoices(before, after);
    expect(diff.totalBefore.toString()).toBe("35");
    expect(diff.totalAfter.toString()).toBe("26");
    expect(diff.totalDelta.toString()).toBe("-9");
    expect(diff.lines.map((l) => [l.change, l.before?.productId ?? l.after!.productId, l.totalDelta.toString(), l.quantityDelta.toString()])).toEqual([
      ["CHANGED", "api", "4", "2"],
      ["REMOVED", "db", "-15", "-3"],
      ["ADDED", "api", "2", "1"],
    ]);
  });

  it("reports nothing for an identical regeneration, even with two identical charges on one date", () => {
    const records = [usage("api", 10, JANUARY, { model: "a" })];
    expect(diffInvoices(bill(records), bill(records)).lines).toEqual([]);
    const [scheduled] = computeScheduledInvoices(terms, idx, JANUARY);
    expect(scheduled!.lines).toHaveLength(2);
    expect(diffInvoices(scheduled!, computeScheduledInvoices(terms, idx, JANUARY)[0]!).lines).toEqual([]);
  });

  it("matches lines that bill no product, like a percentage discount", () => {
    const discounted = contract({ percentageDiscounts: [{ id: "d", name: "10% off", fraction: d("0.1"), startingAt: at("2024-01-01") }] });
    const billOf = (n: number) => computeInvoice({ contract: discounted, rateCard: idx, period: JANUARY, usage: [usage("db", n, JANUARY)] });
    expect(diffInvoices(billOf(10), billOf(20)).lines.map((l) => [l.change, l.after!.type, l.totalDelta.toString()])).toEqual([
      ["CHANGED", "USAGE", "50"],
      ["CHANGED", "DISCOUNT", "-5"],
    ]);
  });

  it("tells apart lines of different presentation groups", () => {
    const projects = index(rateCard([flatRate("api", 2)]), [usageProduct("api", { presentationGroupKey: ["project"] })]);
    const billOf = (project: string) =>
      computeInvoice({ contract: contract(), rateCard: projects, period: JANUARY, usage: [usage("api", 1, JANUARY, { project })] });
    expect(diffInvoices(billOf("a"), billOf("b")).lines.map((l) => l.change)).toEqual(["REMOVED", "ADDED"]);
  });

  it("keys lines by type, product, groups, ids, origin (a child's line on its parent's invoice), credit type and window", () => {
    const [line] = bill([usage("api", 1, JANUARY, { model: "a" })]).lines;
    expect(JSON.parse(lineKey(line!))).toEqual(["USAGE", "api", { model: "a" }, null, null, null, null, null, null, null, line!.creditType.id, "2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"]);
    const copied = { ...line!, origin: { customerId: "child-customer", contractId: "child", invoiceId: "child-jan" } };
    expect(JSON.parse(lineKey(copied))[9]).toBe("child");
  });
});
