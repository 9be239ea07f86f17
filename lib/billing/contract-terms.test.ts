import { describe, expect, it } from "vitest";
import { appliesToProduct, validateContract, type Contract, type Override } from "./contract-terms";
import { at, contract, d, flatRate, index, product, rateCard, usageProduct } from "./test-support/builders";
import type { CreditType } from "./types";

const api = usageProduct("api", { tags: ["ai"] });
const idx = index(rateCard([flatRate("api", 1)]), [api, product("fixed", "FIXED"), product("seats", "SUBSCRIPTION")]);

describe("appliesToProduct", () => {
  it("applies to everything when neither ids nor tags are given, else to any listed id or tag", () => {
    expect(appliesToProduct({}, api)).toBe(true);
    expect(appliesToProduct({ applicableProductIds: [], applicableProductTags: [] }, api)).toBe(true);
    expect(appliesToProduct({ applicableProductIds: ["api"] }, api)).toBe(true);
    expect(appliesToProduct({ applicableProductIds: ["other"] }, api)).toBe(false);
    expect(appliesToProduct({ applicableProductTags: ["ai", "x"] }, api)).toBe(true);
    expect(appliesToProduct({ applicableProductTags: ["x"] }, api)).toBe(false);
    expect(appliesToProduct({ applicableProductTags: ["x"] }, usageProduct("untagged"))).toBe(false);
  });
});

describe("validateContract", () => {
  const segment = { id: "s", amount: d(100), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") };
  const override = (extra: Partial<Override>): Override =>
    ({ id: "o", startingAt: at("2024-01-01"), productId: "api", type: "MULTIPLIER", multiplier: d(1), ...extra }) as Override;
  const invalid: [string, Partial<Contract>, RegExp][] = [
    ["a start off the hour", { startingAt: at("2024-01-01T00:30") }, /contract contract startingAt must be on an hour boundary/],
    ["an end before the start", { endingBefore: at("2023-01-01") }, /must start before it ends/],
    ["an override without a target", { overrides: [override({ productId: undefined })] }, /needs a productId, applicableProductTags or specifiers/],
    ["an override off the hour", { overrides: [override({ endingBefore: at("2024-01-02T00:01") })] }, /override o endingBefore/],
    ["a negative multiplier", { overrides: [override({ multiplier: d(-1) })] }, /multiplier must not be negative/],
    ["a malformed overwrite", { overrides: [override({ type: "OVERWRITE", overwriteRate: { rateType: "TIERED", tiers: [] } } as Partial<Override>)] }, /tiers must not be empty/],
    ["a tiered override without explicit prioritization", { overrides: [override({ type: "TIERED", tiers: [{ multiplier: d("0.9") }], priority: 1 } as Partial<Override>)] }, /need EXPLICIT/],
    ["tiered override tiers that are empty", { multiplierOverridePrioritization: "EXPLICIT", overrides: [override({ type: "TIERED", tiers: [], priority: 1 } as Partial<Override>)] }, /tiers must not be empty/],
    ["an unsized override tier before the last", { multiplierOverridePrioritization: "EXPLICIT", overrides: [override({ type: "TIERED", tiers: [{ multiplier: d(1) }, { multiplier: d(1) }], priority: 1 } as Partial<Override>)] }, /positive size/],
    ["a zero-sized override tier", { multiplierOverridePrioritization: "EXPLICIT", overrides: [override({ type: "TIERED", tiers: [{ size: d(0), multiplier: d(1) }], priority: 1 } as Partial<Override>)] }, /positive size/],
    ["a negative override tier multiplier", { multiplierOverridePrioritization: "EXPLICIT", overrides: [override({ type: "TIERED", tiers: [{ multiplier: d(-1) }], priority: 1 } as Partial<Override>)] }, /multipliers must not be negative/],
    ["an explicit multiplier without priority", { multiplierOverridePrioritization: "EXPLICIT", overrides: [override({})] }, /needs a priority/],
    ["a commit on an unknown product", { commits: [{ id: "c", type: "PREPAID", productId: "ghost", accessSchedule: { scheduleItems: [] } }] }, /unknown product ghost/],
    ["a segment off the hour", { credits: [{ id: "c", productId: "fixed", accessSchedule: { scheduleItems: [{ ...segment, startingAt: at("2024-01-01T00:05") }] } }] }, /segment s startingAt/],
    ["a fractional-cent segment", { credits: [{ id: "c", productId: "fixed", accessSchedule: { scheduleItems: [{ ...segment, amount: d("10.5") }] } }] }, /at most 0 decimal places/],
    ["a negative segment", { credits: [{ id: "c", productId: "fixed", accessSchedule: { scheduleItems: [{ ...segment, amount: d(-1) }] } }] }, /amount must be ≥ 0/],
    ["a rollover fraction above 1", { credits: [{ id: "c", productId: "fixed", rolloverFraction: d("1.5"), accessSchedule: { scheduleItems: [segment] } }] }, /rolloverFraction must be between 0 and 1/],
    ["a subscription on an unknown product", { subscriptions: [{ id: "s", productId: "ghost", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [] }] }, /unknown product/],
    ["a negative seat count", { subscriptions: [{ id: "s", productId: "seats", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(-1), startingAt: at("2024-01-01") }] }] }, /quantities must not be negative/],
    ["a scheduled charge on an unknown product", { scheduledCharges: [{ id: "x", productId: "ghost", schedule: {} }] }, /unknown product/],
    ["a discount above 100%", { percentageDiscounts: [{ id: "p", name: "p", fraction: d("1.1"), startingAt: at("2024-01-01") }] }, /fraction must be between 0 and 1/],
    ["a negative discount", { percentageDiscounts: [{ id: "p", name: "p", fraction: d("-0.1"), startingAt: at("2024-01-01") }] }, /fraction must be between 0 and 1/],
    ["a discount off the hour", { percentageDiscounts: [{ id: "p", name: "p", fraction: d("0.1"), startingAt: at("2024-01-01T00:10") }] }, /discount p startingAt/],
  ];
  it.each(invalid)("refuses %s", (_, terms, message) => {
    expect(() => validateContract(contract(terms), idx)).toThrow(message);
  });

  it("accepts a well-formed contract, balances in a custom unit at that unit's precision", () => {
    const gpu: CreditType = { id: "gpu", name: "GPU", precision: 2 };
    const terms = contract({
      endingBefore: at("2025-01-01"),
      multiplierOverridePrioritization: "EXPLICIT",
      overrides: [override({ priority: 1 }), override({ type: "TIERED", tiers: [{ size: d(5), multiplier: d("0.9") }], priority: 2 } as Partial<Override>), override({ type: undefined, entitled: true } as Partial<Override>)],
      credits: [{ id: "c", productId: "fixed", rolloverFraction: d("0.5"), accessSchedule: { creditType: gpu, scheduleItems: [{ ...segment, amount: d("10.25") }] } }],
      percentageDiscounts: [{ id: "p", name: "p", fraction: d("0.1"), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }],
    });
    expect(() => validateContract(terms, idx)).not.toThrow();
  });
});
