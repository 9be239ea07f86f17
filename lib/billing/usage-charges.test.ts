import { describe, expect, it } from "vitest";
import { contractPricing } from "./contract-pricing";
import type { Contract } from "./contract-terms";
import { at, contract, d, flatRate, index, metric, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { Rate, UsageRecord } from "./types";
import { priceUsage } from "./usage-charges";

const JANUARY = win("2024-01-01", "2024-02-01");
const FIRST_HALF = win("2024-01-01", "2024-01-16");
const SECOND_HALF = win("2024-01-16", "2024-02-01");

const api = usageProduct("api", { name: "API calls", pricingGroupKey: ["model"], presentationGroupKey: ["project"] });
const storage = usageProduct("storage", {
  quantityConversion: { conversionFactor: d(1000), operation: "DIVIDE" },
  quantityRounding: { decimalPlaces: 0, roundingMethod: "ROUND_UP" },
});
const peak = usageProduct("peak", { billableMetricId: "peak-metric" });
const tiers = [{ size: d(100), price: d(10) }, { price: d(5) }];
const rates: Rate[] = [
  flatRate("api", 2, "2024-01-01", { pricingGroupValues: { model: "small" } }),
  flatRate("api", 3, "2024-01-16", { pricingGroupValues: { model: "small" } }),
  flatRate("api", 50, "2024-01-01", { pricingGroupValues: { model: "beta" }, entitled: false }),
  { productId: "storage", rateType: "TIERED", tiers, startingAt: at("2024-01-01"), entitled: true },
  { productId: "storage", rateType: "TIERED", tiers: [{ size: d(100), price: d(20) }, { price: d(10) }], startingAt: at("2024-01-16"), entitled: true },
  flatRate("peak", 7),
  flatRate("peak", 9, "2024-01-16"),
  flatRate("late", 1, "2024-01-16"),
];
const idx = index(rateCard(rates), [api, storage, peak, usageProduct("late"), product("seats", "SUBSCRIPTION")], [metric("peak-metric", "MAX")]);

const price = (records: UsageRecord[], terms: Contract = contract()) => priceUsage(contractPricing(terms, idx), JANUARY, records);
const summary = (records: UsageRecord[], terms?: Contract) =>
  price(records, terms).lines.map((l) => [l.productId, l.startingAt.toISOString().slice(5, 10), l.quantity!.toString(), l.total.toString()]);

describe("usage lines", () => {
  it("bills one line per product, group and window, with its group values and unit price", () => {
    const { lines } = price([
      usage("api", 10, FIRST_HALF, { model: "small", project: "alpha" }),
      usage("api", 10, SECOND_HALF, { model: "small", project: "alpha" }),
    ]);
    expect(lines).toEqual([
      {
        type: "USAGE",
        name: "API calls",
        productId: "api",
        pricingGroupValues: { model: "small" },
        presentationGroupValues: { project: "alpha" },
        ...FIRST_HALF,
        quantity: d(10),
        unitPrice: d(2),
        creditType: idx.fiatCreditType,
        total: d(20),
      },
      expect.objectContaining({ ...SECOND_HALF, unitPrice: d(3), total: d(30) }),
    ]);
  });

  it("sums hourly records inside a window for additive metrics", () => {
    const hourly = [0, 1, 2].map((h) => usage("api", 5, win(`2024-01-02T0${h}:00`, `2024-01-02T0${h + 1}:00`), { model: "small" }));
    expect(summary(hourly)).toEqual([["api", "01-01", "15", "30"]]);
  });

  it("keeps usage it cannot bill apart: no rate for the group or the time, or not entitled", () => {
    const { lines, unbilled } = price([
      usage("api", 4, FIRST_HALF, { model: "huge" }),
      usage("api", 4, FIRST_HALF, { model: "beta" }),
      usage("late", 4, FIRST_HALF),
      usage("late", 6, SECOND_HALF),
    ]);
    expect(lines.map((l) => l.productId)).toEqual(["late"]);
    expect(unbilled.map((u) => [u.productId, u.groupValues.model ?? null, u.reason, u.quantity.toString()])).toEqual([
      ["api", "beta", "NOT_ENTITLED", "4"],
      ["api", "huge", "NO_RATE", "4"],
      ["late", null, "NO_RATE", "4"],
    ]);
  });

  it("continues graduated tiers across a rate change: the period's 120 units are priced once", () => {
    // Units 0–80 at the first card (tier 1, $10), 80–100 at the second card's tier 1 ($20), 100–120 at its tier 2 ($10).
    const lines = price([usage("storage", 80_000, FIRST_HALF), usage("storage", 40_000, SECOND_HALF)]).lines;
    expect(lines.map((l) => [l.quantity!.toString(), l.total.toString(), l.tiers!.map((t) => `${t.quantity}@${t.price}`).join(" ")])).toEqual([
      ["80", "800", "80@10"],
      ["40", "600", "20@20 20@10"],
    ]);
  });

  it("rounds a converted quantity once per period, on the running total", () => {
    // 0.3 + 0.3 + 0.3 thousand units: 1 package is opened in the first window only.
    const rows = [win("2024-01-01", "2024-01-05"), win("2024-01-05", "2024-01-10"), win("2024-01-10", "2024-01-16")].map((w) => usage("storage", 300, w));
    expect(summary(rows)).toEqual([["storage", "01-01", "1", "10"]]);
  });

  it("picks a volume tier from the converted period total, and groups by presentation keys alone", () => {
    const kib = usageProduct("kib", {
      presentationGroupKey: ["project"],
      quantityConversion: { conversionFactor: d(1000), operation: "DIVIDE" },
    });
    const volume: Rate = { productId: "kib", rateType: "VOLUME", tiers: [{ size: d(10), price: d(10) }, { price: d(1) }], startingAt: at("2024-01-01"), entitled: true };
    const card = index(rateCard([volume]), [kib]);
    const lines = priceUsage(contractPricing(contract(), card), JANUARY, [usage("kib", 6000, FIRST_HALF, { project: "a" }), usage("kib", 6000, SECOND_HALF, { project: "a" })]).lines;
    // 12 (thousand) units in the period: every unit at the second tier's price.
    expect(lines.map((l) => [l.quantity!.toString(), l.total.toString(), JSON.stringify(l.pricingGroupValues), JSON.stringify(l.presentationGroupValues)])).toEqual([
      ["12", "12", "{}", '{"project":"a"}'],
    ]);
  });

  it("prices non-additive usage window by window", () => {
    expect(summary([usage("peak", 10, FIRST_HALF), usage("peak", 12, SECOND_HALF)])).toEqual([
      ["peak", "01-01", "10", "70"],
      ["peak", "01-16", "12", "108"],
    ]);
  });

  it("does not depend on the order usage arrives in", () => {
    const rows = [
      usage("api", 1, FIRST_HALF, { model: "small", project: "b" }),
      usage("api", 2, FIRST_HALF, { model: "small", project: "a" }),
      usage("storage", 1, FIRST_HALF),
      usage("api", 3, SECOND_HALF, { model: "small", project: "a" }),
    ];
    expect(price([...rows].reverse())).toEqual(price(rows));
  });

  it("refuses usage that is negative, outside the period, inverted, misplaced or not per window", () => {
    expect(() => price([usage("api", -1, FIRST_HALF)])).toThrow(/must not be negative/);
    expect(() => price([usage("api", 1, win("2023-12-31", "2024-01-02"))])).toThrow(/inside the period/);
    expect(() => price([usage("api", 1, win("2024-01-31", "2024-02-02"))])).toThrow(/inside the period/);
    expect(() => price([usage("api", 1, win("2024-01-05", "2024-01-05"))])).toThrow(/inside the period/);
    expect(() => price([usage("api", 1, JANUARY, { model: "small" })])).toThrow(/crosses a window boundary/);
    expect(() => price([usage("peak", 1, win("2024-01-01", "2024-01-02")), usage("peak", 1, win("2024-01-02", "2024-01-03"))])).toThrow(
      /exactly one record per planUsage window/,
    );
    expect(() => price([usage("seats", 1, FIRST_HALF)])).toThrow(/usage was sent for SUBSCRIPTION product seats/);
    expect(() => price([usage("ghost", 1, FIRST_HALF)])).toThrow(/unknown product ghost/);
    expect(price([usage("api", "-0", FIRST_HALF, { model: "small" })]).lines[0]!.total.isZero()).toBe(true);
  });
});
