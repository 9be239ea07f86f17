import { describe, expect, it } from "vitest";
import { ONE, ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import { chargeForRange, percentageCharge, validatePriceSpec } from "./rate-types";
import { d } from "./test-support/builders";
import type { MultiplierBand, PriceSpec, Tier } from "./types";

const tiers: Tier[] = [
  { size: d(100), price: d(10) },
  { size: d(400), price: d(8) },
  { price: d(5) },
];

type Value = string | number;
const amount = (spec: PriceSpec, from: Value, quantity: Value, total?: Value, bands?: MultiplierBand[]) =>
  chargeForRange(spec, d(from), d(quantity), d(total ?? quantity), bands).amount.toString();

describe("FLAT", () => {
  it("is quantity × price", () => {
    const charge = chargeForRange({ rateType: "FLAT", price: d("0.25") }, ZERO, d(1234), d(1234));
    expect(charge).toEqual({ amount: d("308.5"), unitPrice: d("0.25") });
  });
});

describe("TIERED (graduated)", () => {
  it("prices each tier's units at that tier's price", () => {
    const spec: PriceSpec = { rateType: "TIERED", tiers };
    expect(amount(spec, 0, 50)).toBe("500");
    expect(amount(spec, 0, 100)).toBe("1000");
    expect(amount(spec, 0, 101)).toBe("1008");
    expect(amount(spec, 0, 500)).toBe("4200");
    expect(amount(spec, 0, 1000)).toBe("6700");
    expect(amount(spec, 0, 0)).toBe("0");
  });

  it("prices units by their position in the period and shows the tier breakdown", () => {
    const charge = chargeForRange({ rateType: "TIERED", tiers }, d(90), d(20), d(110));
    expect(charge.amount.toString()).toBe("180");
    expect(charge.tiers).toEqual([
      { startingAt: d(90), quantity: d(10), price: d(10) },
      { startingAt: d(100), quantity: d(10), price: d(8) },
    ]);
  });
});

describe("VOLUME", () => {
  const spec: PriceSpec = { rateType: "VOLUME", tiers };
  it("prices every unit at the tier the total falls into; a tier's upper bound is inclusive", () => {
    expect(amount(spec, 0, 100)).toBe("1000"); // 100 is still tier 1
    expect(amount(spec, 0, 101)).toBe("808");
    expect(amount(spec, 0, 500)).toBe("4000"); // 500 = 100 + 400, still tier 2
    expect(amount(spec, 0, 501)).toBe("2505");
    expect(amount(spec, 0, 0)).toBe("0");
  });

  it("uses the period total for a window's units, and reports the tier", () => {
    const charge = chargeForRange(spec, d(0), d(50), d(600));
    expect(charge).toEqual({ amount: d(250), unitPrice: d(5), tiers: [{ startingAt: d(500), quantity: d(50), price: d(5) }] });
  });
});

describe("PACKAGE", () => {
  it("rounds partial packages up by default, or down when configured", () => {
    const up: PriceSpec = { rateType: "PACKAGE", price: d(500), packageSize: d(1000) };
    expect(chargeForRange(up, ZERO, d(1001), d(1001))).toEqual({ amount: d(1000), packages: d(2), unitPrice: d(500) });
    expect(amount(up, 0, 1000)).toBe("500");
    expect(amount(up, 0, 0)).toBe("0");
    const down: PriceSpec = { ...up, packageRounding: "ROUND_DOWN" };
    expect(amount(down, 0, 1999)).toBe("500");
  });

  it("counts packages across windows from the start of the period", () => {
    const spec: PriceSpec = { rateType: "PACKAGE", price: d(500), packageSize: d(1000) };
    expect(amount(spec, 0, 600)).toBe("500"); // package 1 opened
    expect(amount(spec, 600, 300)).toBe("0"); // still package 1
    expect(amount(spec, 900, 200)).toBe("500"); // package 2 opened
  });
});

describe("multiplier bands (tiered overrides)", () => {
  const bands: MultiplierBand[] = [
    { from: ZERO, to: d(5), multiplier: d("0.9") },
    { from: d(5), multiplier: ONE },
  ];

  it("multiplies the list price on the units each band covers", () => {
    const flat: PriceSpec = { rateType: "FLAT", price: d(100) };
    const charge = chargeForRange(flat, ZERO, d(8), d(8), bands);
    expect(charge.amount.toString()).toBe("750");
    expect(charge.tiers).toEqual([
      { startingAt: ZERO, quantity: d(5), price: d(90) },
      { startingAt: d(5), quantity: d(3), price: d(100) },
    ]);
    expect(chargeForRange(flat, d(6), d(2), d(8), bands)).toEqual({ amount: d(200), unitPrice: d(100) });
    expect(chargeForRange(flat, ZERO, d(2), d(2), [{ from: ZERO, multiplier: d("0.5") }])).toEqual({
      amount: d(100),
      unitPrice: d(50),
    });
  });

  it("applies to graduated, volume and package prices", () => {
    expect(amount({ rateType: "TIERED", tiers }, 0, 110, 110, bands)).toBe("1075"); // 5×9 + 95×10 + 10×8
    expect(amount({ rateType: "VOLUME", tiers }, 0, 10, 10, bands)).toBe("95");
    // A package opened inside a band is charged at that band's multiplier: 3×9 + 2×10.
    expect(amount({ rateType: "PACKAGE", price: d(10), packageSize: d(2) }, 0, 10, 10, bands)).toBe("47");
    const pkg = chargeForRange({ rateType: "PACKAGE", price: d(10), packageSize: d(2) }, ZERO, d(10), d(10), bands);
    expect(pkg.packages).toEqual(d(5));
    expect(pkg.unitPrice).toBeUndefined();
  });

  it("reports the multiplier in force for an empty range", () => {
    expect(chargeForRange({ rateType: "FLAT", price: d(100) }, d(5), ZERO, d(5), bands)).toEqual({ amount: ZERO, unitPrice: d(100) });
    expect(chargeForRange({ rateType: "FLAT", price: d(100) }, d(2), ZERO, d(2), bands)).toEqual({ amount: ZERO, unitPrice: d(90) });
  });
});

describe("PERCENTAGE", () => {
  const spec = { rateType: "PERCENTAGE", price: d("0.1"), minimum: d(5000), maximum: d(20000) } as const;
  it("is a fraction of the base, held between the minimum and maximum", () => {
    expect(percentageCharge(spec, d(100000)).amount.toString()).toBe("10000");
    expect(percentageCharge(spec, d(1000)).amount.toString()).toBe("5000");
    expect(percentageCharge(spec, d(1000000)).amount.toString()).toBe("20000");
    expect(percentageCharge({ rateType: "PERCENTAGE", price: d("0.15") }, d(333)).amount.toString()).toBe("49.95");
    expect(percentageCharge(spec, ZERO)).toEqual({ amount: d(5000), unitPrice: d("0.1") });
  });

  it("takes multipliers into account", () => {
    expect(percentageCharge({ rateType: "PERCENTAGE", price: d("0.1") }, d(1000), [{ from: ZERO, multiplier: d("0.5") }]).amount.toString()).toBe("50");
  });
});

describe("validation", () => {
  it.each([
    [[], /must not be empty/],
    [[{ size: d(10), price: d(1) }], /last tier must have no size/],
    [[{ price: d(1) }, { price: d(1) }], /positive size/],
    [[{ size: d(0), price: d(1) }, { price: d(1) }], /positive size/],
    [[{ size: d(10), price: d(-1) }, { price: d(1) }], /must not be negative/],
  ] as const)("refuses malformed tiers %#", (bad, message) => {
    expect(() => validatePriceSpec({ rateType: "TIERED", tiers: bad as unknown as Tier[] }, "rate")).toThrow(message);
  });

  it("refuses malformed prices", () => {
    expect(() => validatePriceSpec({ rateType: "FLAT", price: d(-1) }, "rate")).toThrow(/price must not be negative/);
    expect(() => validatePriceSpec({ rateType: "PACKAGE", price: d(1), packageSize: d(0) }, "rate")).toThrow(/packageSize/);
    expect(() => validatePriceSpec({ rateType: "PERCENTAGE", price: d(1), minimum: d(10), maximum: d(5) }, "rate")).toThrow(
      /minimum must not exceed maximum/,
    );
    expect(() => validatePriceSpec({ rateType: "VOLUME", tiers: [] }, "rate")).toThrow(BillingInputError);
    expect(() => validatePriceSpec({ rateType: "TIERED", tiers }, "rate")).not.toThrow();
    expect(() => validatePriceSpec({ rateType: "PERCENTAGE", price: d("1.5") }, "rate")).not.toThrow(); // above 100% is allowed
    expect(() => validatePriceSpec({ rateType: "SUBSCRIPTION", price: d(1) }, "rate")).not.toThrow();
  });
});
