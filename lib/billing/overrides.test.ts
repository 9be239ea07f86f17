import { describe, expect, it } from "vitest";
import type { Override } from "./contract-terms";
import { ONE, ZERO } from "./decimal";
import { USD_CENTS } from "./money";
import { overrideBoundaries, overridesForProduct, resolveRate } from "./overrides";
import { at, contract, d, flatRate, index, rateCard, usageProduct } from "./test-support/builders";
import type { CreditType, EffectiveRate, UnbilledReason } from "./types";

const api = usageProduct("api", { tags: ["ai", "text"], pricingGroupKey: ["model"] });
const list = flatRate("api", 100);
const idx = index(rateCard([list, flatRate("api", 5, "2024-01-01", { entitled: false, pricingGroupValues: { model: "beta" } })]), [api]);
const JAN_15 = at("2024-01-15");

function resolve(
  overrides: Override[],
  options: { prioritization?: "LOWEST_MULTIPLIER" | "EXPLICIT"; when?: Date; model?: string; rate?: typeof list } = {},
): EffectiveRate | UnbilledReason {
  return resolveRate(
    idx,
    "rate" in options ? options.rate : list,
    overrides,
    options.prioritization ?? "LOWEST_MULTIPLIER",
    api,
    { model: options.model ?? "gpt" },
    options.when ?? JAN_15,
  );
}

const scope = { startingAt: at("2024-01-01") };
const multiplier = (id: string, value: string, extra: Partial<Override> = {}): Override =>
  ({ id, type: "MULTIPLIER", multiplier: d(value), productId: "api", ...scope, ...extra }) as Override;
const overwrite = (id: string, price: number, extra: Partial<Override> = {}): Override =>
  ({ id, type: "OVERWRITE", overwriteRate: { rateType: "FLAT", price: d(price) }, productId: "api", ...scope, ...extra }) as Override;

describe("resolveRate", () => {
  it("is the list price without overrides; no rate or no entitlement means no charge", () => {
    expect(resolve([])).toEqual({ spec: list, creditType: USD_CENTS });
    expect(resolve([], { rate: undefined })).toBe("NO_RATE");
    expect(resolveRate(idx, idx.rateCard.rates[1]!, [], "LOWEST_MULTIPLIER", api, { model: "beta" }, JAN_15)).toBe("NOT_ENTITLED");
  });

  it("multiplies the list price", () => {
    expect(resolve([multiplier("m", "0.9")])).toEqual({ spec: list, creditType: USD_CENTS, bands: [{ from: ZERO, multiplier: d("0.9") }] });
  });

  it("applies only the lowest multiplier by default (they do not stack)", () => {
    const result = resolve([multiplier("a", "0.9"), multiplier("b", "0.8", { productId: undefined, applicableProductTags: ["ai"] }), multiplier("c", "1.2")]);
    expect((result as EffectiveRate).bands).toEqual([{ from: ZERO, multiplier: d("0.8") }]);
  });

  it("lets an overwrite win over any multiplier, whatever its priority", () => {
    const result = resolve([multiplier("a", "0.5", { priority: 1 }), overwrite("o", 70, { priority: 9 })]);
    expect(result).toEqual({ spec: { rateType: "FLAT", price: d(70) }, creditType: USD_CENTS });
    const custom: CreditType = { id: "gpu", name: "GPU", precision: 2 };
    const inGpu = resolve([{ ...overwrite("o", 3), overwriteRate: { rateType: "FLAT", price: d(3), creditType: custom } } as Override]);
    expect((inGpu as EffectiveRate).creditType).toBe(custom);
  });

  it("orders overlapping overwrites: priority, then product over tag, then the latest start, then id", () => {
    const byTag = overwrite("tag", 60, { productId: undefined, applicableProductTags: ["ai"] });
    const byId = overwrite("id", 70);
    const newer = overwrite("newer", 80, { startingAt: at("2024-01-10") });
    const first = overwrite("prio", 90, { priority: 1 });
    const price = (overrides: Override[]) => ((resolve(overrides) as EffectiveRate).spec as { price: unknown }).price;
    expect(price([byTag, byId])).toEqual(d(70));
    expect(price([byId, newer])).toEqual(d(80));
    expect(price([byTag, byId, newer, first])).toEqual(d(90));
    expect(price([overwrite("b", 1), overwrite("a", 2)])).toEqual(d(2));
  });

  it("only applies overrides in force at the instant, and matching the pricing group", () => {
    const later = multiplier("later", "0.5", { startingAt: at("2024-02-01") });
    const ended = multiplier("ended", "0.5", { endingBefore: at("2024-01-10") });
    const claudeOnly = multiplier("claude", "0.5", { pricingGroupValues: { model: "claude" } });
    expect(resolve([later, ended, claudeOnly])).toEqual({ spec: list, creditType: USD_CENTS });
    expect((resolve([claudeOnly], { model: "claude" }) as EffectiveRate).bands).toEqual([{ from: ZERO, multiplier: d("0.5") }]);
  });

  it("lets an override change entitlement, the most precedent one deciding", () => {
    const enable = { id: "on", productId: "api", ...scope, entitled: true } as Override;
    const disable = { id: "off", productId: "api", startingAt: at("2024-01-10"), entitled: false } as Override;
    expect(resolve([enable, disable])).toBe("NOT_ENTITLED");
    expect(resolve([enable])).toEqual({ spec: list, creditType: USD_CENTS });
    expect(resolveRate(idx, idx.rateCard.rates[1]!, [enable], "LOWEST_MULTIPLIER", api, { model: "beta" }, JAN_15)).not.toBe("NOT_ENTITLED");
  });

  it("with EXPLICIT prioritization, gives each unit the multiplier of the highest-priority override covering it", () => {
    const firstFive = { id: "t", type: "TIERED", tiers: [{ size: d(5), multiplier: d("0.9") }], productId: "api", ...scope, priority: 1 } as Override;
    const firstTen = { id: "u", type: "TIERED", tiers: [{ size: d(10), multiplier: d("0.8") }, { multiplier: d("0.95") }], productId: "api", ...scope, priority: 2 } as Override;
    expect((resolve([firstFive], { prioritization: "EXPLICIT" }) as EffectiveRate).bands).toEqual([
      { from: ZERO, to: d(5), multiplier: d("0.9") },
      { from: d(5), to: undefined, multiplier: ONE },
    ]);
    expect((resolve([firstTen, firstFive], { prioritization: "EXPLICIT" }) as EffectiveRate).bands).toEqual([
      { from: ZERO, to: d(5), multiplier: d("0.9") },
      { from: d(5), to: d(10), multiplier: d("0.8") },
      { from: d(10), to: undefined, multiplier: d("0.95") },
    ]);
    expect((resolve([multiplier("m", "0.7", { priority: 3 }), firstFive], { prioritization: "EXPLICIT" }) as EffectiveRate).bands).toEqual([
      { from: ZERO, to: d(5), multiplier: d("0.9") },
      { from: d(5), to: undefined, multiplier: d("0.7") },
    ]);
  });

  it("refuses an overwrite whose rate type cannot price the product", () => {
    const bad = { id: "bad", type: "OVERWRITE", overwriteRate: { rateType: "SUBSCRIPTION", price: d(1) }, productId: "api", ...scope } as Override;
    expect(() => resolve([bad])).toThrow(/override bad: a SUBSCRIPTION rate cannot price USAGE product api/);
  });
});

describe("override scope and boundaries", () => {
  it("finds the overrides targeting a product by id or tag", () => {
    const terms = contract({
      overrides: [multiplier("id", "1"), multiplier("tag", "1", { productId: undefined, applicableProductTags: ["text"] }), multiplier("other", "1", { productId: "x" })],
    });
    expect(overridesForProduct(terms, api).map((o) => o.id)).toEqual(["id", "tag"]);
    expect(overridesForProduct(contract(), api)).toEqual([]);
    expect(overridesForProduct(contract({ overrides: [multiplier("t", "1", { productId: undefined, applicableProductTags: ["ai"] })] }), usageProduct("plain"))).toEqual([]);
  });

  it("lists the instants where overrides start and end", () => {
    expect(overrideBoundaries([multiplier("a", "1"), multiplier("b", "1", { endingBefore: at("2024-02-01") })])).toEqual([
      at("2024-01-01").getTime(),
      at("2024-01-01").getTime(),
      at("2024-02-01").getTime(),
    ]);
  });
});
