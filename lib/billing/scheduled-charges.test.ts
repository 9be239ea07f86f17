import { describe, expect, it } from "vitest";
import type { ChargeSchedule, Commit } from "./contract-terms";
import { USD_CENTS } from "./money";
import { commitPurchaseLines, expandSchedule, scheduledChargeLines } from "./scheduled-charges";
import { at, contract, d, index, product, rateCard, win } from "./test-support/builders";

const idx = index(rateCard([]), [product("fee", "FIXED", { name: "Platform fee" }), product("commit", "FIXED")]);
const plain = (schedule: ChargeSchedule) =>
  expandSchedule(schedule, USD_CENTS, "x").map((due) => [due.timestamp.toISOString().slice(0, 10), due.amount.toString()]);

describe("expandSchedule", () => {
  it("lists one-off items, by amount or quantity × unit price", () => {
    expect(plain({ scheduleItems: [{ timestamp: at("2024-01-05"), amount: d(500) }, { timestamp: at("2024-02-05"), quantity: d(3), unitPrice: d(250) }] })).toEqual([
      ["2024-01-05", "500"],
      ["2024-02-05", "750"],
    ]);
    expect(() => plain({ scheduleItems: [{ timestamp: at("2024-01-05") }] })).toThrow(/needs an amount, or a quantity and a unitPrice/);
  });

  it("repeats a recurring amount, each time or divided", () => {
    const recurring = { startingAt: at("2024-01-31"), endingBefore: at("2024-05-01"), frequency: "MONTHLY", amount: d(1000) } as const;
    expect(plain({ recurringSchedule: { ...recurring, amountDistribution: "EACH" } })).toEqual([
      ["2024-01-31", "1000"],
      ["2024-02-29", "1000"],
      ["2024-03-31", "1000"],
      ["2024-04-30", "1000"],
    ]);
    expect(plain({ recurringSchedule: { ...recurring, amountDistribution: "DIVIDED" } }).map(([, a]) => a)).toEqual(["250", "250", "250", "250"]);
    const thirds = { ...recurring, endingBefore: at("2024-04-01"), amountDistribution: "DIVIDED_ROUNDED" } as const;
    expect(plain({ recurringSchedule: thirds }).map(([, a]) => a)).toEqual(["333", "333", "334"]);
    expect(plain({ recurringSchedule: { ...thirds, amountDistribution: "DIVIDED" } }).map(([, a]) => a)[0]).toMatch(/^333\.3333/);
    const quarterly = { ...recurring, frequency: "QUARTERLY", endingBefore: at("2025-01-01"), amountDistribution: "EACH", amount: undefined, quantity: d(2), unitPrice: d(50) } as const;
    expect(plain({ recurringSchedule: quarterly })).toEqual([
      ["2024-01-31", "100"],
      ["2024-04-30", "100"],
      ["2024-07-31", "100"],
      ["2024-10-31", "100"],
    ]);
    expect(plain({ recurringSchedule: { ...recurring, frequency: "SEMI_ANNUAL", endingBefore: at("2025-01-01"), amountDistribution: "EACH" } })).toHaveLength(2);
    expect(plain({ recurringSchedule: { ...recurring, frequency: "ANNUAL", amountDistribution: "EACH" } })).toHaveLength(1);
    expect(() => plain({ recurringSchedule: { ...recurring, endingBefore: at("2024-01-31"), amountDistribution: "EACH" } })).toThrow(/start before it ends/);
  });
});

describe("scheduled charge lines", () => {
  it("bills the items dated in the period; negative ones are discounts to be capped later", () => {
    const terms = contract({
      scheduledCharges: [
        { id: "onboarding", productId: "fee", schedule: { scheduleItems: [{ timestamp: at("2024-01-10"), amount: d("1500.5") }, { timestamp: at("2024-02-10"), amount: d(1) }] } },
        { id: "goodwill", productId: "fee", name: "Goodwill", schedule: { scheduleItems: [{ timestamp: at("2024-01-20"), quantity: d(2), unitPrice: d(-250) }] } },
        { id: "hidden", productId: "fee", schedule: { doNotInvoice: true, scheduleItems: [{ timestamp: at("2024-01-20"), amount: d(9) }] } },
      ],
    });
    const { charges, amountDiscounts } = scheduledChargeLines(terms, idx, win("2024-01-01", "2024-02-01"));
    expect(charges).toEqual([
      {
        type: "SCHEDULED_CHARGE",
        name: "Platform fee",
        productId: "fee",
        scheduledChargeId: "onboarding",
        startingAt: at("2024-01-10"),
        endingBefore: at("2024-01-10"),
        quantity: d(1),
        unitPrice: d("1500.5"),
        creditType: USD_CENTS,
        total: d(1501),
      },
    ]);
    expect(amountDiscounts.map((l) => [l.type, l.name, l.quantity!.toString(), l.unitPrice!.toString(), l.total.toString()])).toEqual([
      ["DISCOUNT", "Goodwill", "2", "250", "-500"],
    ]);
  });

  it("bills prepaid commit purchases from their invoice schedule", () => {
    const commit = (extra: Partial<Commit>): Commit => ({
      id: "c",
      type: "PREPAID",
      productId: "commit",
      accessSchedule: { scheduleItems: [] },
      invoiceSchedule: { scheduleItems: [{ timestamp: at("2024-01-01"), amount: d(100000) }] },
      ...extra,
    });
    const period = win("2024-01-01", "2024-02-01");
    const lines = commitPurchaseLines(contract({ commits: [commit({ name: "Annual commit" }), commit({ id: "post", type: "POSTPAID" }), commit({ id: "free", invoiceSchedule: undefined }), commit({ id: "gated", invoiceSchedule: { doNotInvoice: true } })] }), idx, period);
    expect(lines.map((l) => [l.type, l.name, l.commitId, l.total.toString()])).toEqual([["COMMIT_PURCHASE", "Annual commit", "c", "100000"]]);
    expect(commitPurchaseLines(contract({ commits: [commit({})] }), idx, win("2024-02-01", "2024-03-01"))).toEqual([]);
    expect(commitPurchaseLines(contract({ commits: [commit({})] }), idx, period)[0]!.name).toBe("commit");
    expect(() =>
      commitPurchaseLines(contract({ commits: [commit({ invoiceSchedule: { scheduleItems: [{ timestamp: at("2024-01-01"), amount: d(-1) }] } })] }), idx, period),
    ).toThrow(/must not be negative/);
  });
});
