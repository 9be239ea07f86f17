import { describe, expect, it } from "vitest";
import { appliesToLine, appliesToProduct, validateContract, type Commit, type Credit, type Override } from "./contract-terms";
import { at, contract, d, flatRate, index, invoice, product, rateCard, totals, usage, usageProduct, win } from "./test-support/builders";

// Specifiers (Metronome's CommitSpecifierInput and OverrideSpecifier): a line matches a specifier
// when it has every key the specifier gives; a commit, credit or override with specifiers
// applies to the lines any of them matches. Worked examples in USD cents, figures ours.
//
// LLM usage is priced by model (10¢, gpt-4 30¢) and presented by region; Storage is 2¢.

const llm = usageProduct("llm", { tags: ["ai"], pricingGroupKey: ["model"], presentationGroupKey: ["region"] });
const storage = usageProduct("storage", { tags: ["infra"] });
const idx = index(rateCard([flatRate("llm", 10), flatRate("llm", 30, "2024-01-01", { pricingGroupValues: { model: "gpt-4" } }), flatRate("storage", 2)]), [
  llm,
  storage,
  product("allowance", "FIXED"),
]);
const JAN = win("2024-01-01", "2024-02-01");
const JANUARY_USAGE = [
  usage("llm", 20, JAN, { model: "gpt-4", region: "us" }), // 600¢
  usage("llm", 50, JAN, { model: "gpt-3", region: "us" }), // 500¢
  usage("llm", 40, JAN, { model: "gpt-3", region: "eu" }), // 400¢
  usage("storage", 100, JAN), // 200¢
];
const segment = (amount: number) => ({ scheduleItems: [{ id: "s", amount: d(amount), startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") }] });
const prepaid = (amount: number, extra: Partial<Commit>): Commit => ({ id: "commit", type: "PREPAID", productId: "allowance", accessSchedule: segment(amount), ...extra });
const credit = (amount: number, extra: Partial<Credit>): Credit => ({ id: "credit", productId: "allowance", accessSchedule: segment(amount), ...extra });
const bill = (terms: Parameters<typeof contract>[0]) => invoice(idx, contract(terms), JAN, JANUARY_USAGE);
const applied = (inv: ReturnType<typeof bill>) => inv.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => l.total.toString());
const usageTotals = (inv: ReturnType<typeof bill>) =>
  inv.lines.filter((l) => l.type === "USAGE").map((l) => [l.productId, l.pricingGroupValues?.model ?? null, l.presentationGroupValues?.region ?? null, l.total.toString()]);

describe("a specifier matches a line that has every key it gives", () => {
  const line = { product: llm, pricingGroupValues: { model: "gpt-4" }, presentationGroupValues: { region: "us" } };
  it.each([
    ["nothing given", {}, true],
    ["the product", { productId: "llm" }, true],
    ["another product", { productId: "storage" }, false],
    ["one of its tags", { productTags: ["ai"] }, true],
    ["all tags given must be the product's", { productTags: ["ai", "infra"] }, false],
    ["its pricing group value", { pricingGroupValues: { model: "gpt-4" } }, true],
    ["another pricing group value", { pricingGroupValues: { model: "gpt-3" } }, false],
    ["a presentation value as a pricing one", { pricingGroupValues: { region: "us" } }, false],
    ["its presentation group value", { presentationGroupValues: { region: "us" } }, true],
    ["the product and a value it lacks", { productId: "llm", presentationGroupValues: { region: "eu" } }, false],
  ])("%s", (_, specifier, matches) => {
    expect(appliesToLine({ specifiers: [specifier] }, line)).toBe(matches);
  });

  it("a scope with specifiers applies when any matches; a product can be drawn when some specifier admits it", () => {
    const scope = { specifiers: [{ productId: "storage" }, { pricingGroupValues: { model: "gpt-4" } }] };
    expect(appliesToLine(scope, { product: llm, pricingGroupValues: { model: "gpt-4" } })).toBe(true);
    expect(appliesToLine(scope, { product: llm, pricingGroupValues: { model: "gpt-3" } })).toBe(false);
    expect(appliesToLine(scope, { product: storage })).toBe(true);
    expect(appliesToProduct({ specifiers: [{ productId: "storage" }] }, llm)).toBe(false);
    expect(appliesToProduct({ specifiers: [{ productTags: ["ai"], pricingGroupValues: { model: "x" } }] }, llm)).toBe(true);
    // Without specifiers, the applicable lists as before.
    expect(appliesToLine({ applicableProductTags: ["infra"] }, { product: storage })).toBe(true);
  });
});

describe("commits and credits with specifiers draw only on the lines they match", () => {
  it("a commit whose specifier names a pricing group value draws only on that group's usage", () => {
    // 1,700¢ of usage; the 1,000¢ commit covers the 600¢ of gpt-4 alone (400¢ left): 1,100¢.
    const inv = bill({ commits: [prepaid(1000, { specifiers: [{ productId: "llm", pricingGroupValues: { model: "gpt-4" } }] })] });
    expect(applied(inv)).toEqual(["-600"]);
    expect(inv.total.toString()).toBe("1100");
  });

  it("a credit with two specifiers draws on either; drawn to its amount", () => {
    // gpt-4 600¢ + Storage 200¢ in scope, the 700¢ credit covers 700¢ of them: 1,700 − 700 = 1,000¢.
    const inv = bill({ credits: [credit(700, { specifiers: [{ pricingGroupValues: { model: "gpt-4" } }, { productTags: ["infra"] }] })] });
    expect(applied(inv)).toEqual(["-700"]);
    expect(inv.total.toString()).toBe("1000");
  });

  it("a presentation group value scopes a balance to the lines it splits out", () => {
    // Only the EU line (400¢): the 1,000¢ commit covers it, 600¢ left; 1,700 − 400 = 1,300¢.
    const inv = bill({ commits: [prepaid(1000, { specifiers: [{ presentationGroupValues: { region: "eu" } }] })] });
    expect(applied(inv)).toEqual(["-400"]);
    expect(inv.total.toString()).toBe("1300");
  });

  it("the narrower commit draws first by priority, the broad one covers the rest", () => {
    // Priority 1, gpt-3 only (900¢), holds 500¢; priority 2 covers all of what is left (1,200¢) up to its 1,000¢: 200¢ billed.
    const inv = bill({
      commits: [prepaid(500, { id: "gpt-3", priority: 1, specifiers: [{ pricingGroupValues: { model: "gpt-3" } }] }), prepaid(1000, { id: "all", priority: 2 })],
    });
    expect(applied(inv)).toEqual(["-500", "-1000"]);
    expect(inv.total.toString()).toBe("200");
  });
});

describe("overrides with specifiers", () => {
  const override = (extra: Partial<Override> & Pick<Override, "type">): Override => ({ id: "o", startingAt: at("2024-01-01"), ...extra }) as Override;

  it("a multiplier on a presentation group value prices only that group's lines", () => {
    // EU 40 × 10¢ × 0.5 = 200¢; the rest at list: 600 + 500 + 200 → 1,500¢.
    const inv = bill({ overrides: [override({ type: "MULTIPLIER", multiplier: d("0.5"), specifiers: [{ productId: "llm", presentationGroupValues: { region: "eu" } }] })] });
    expect(usageTotals(inv)).toEqual([
      ["llm", "gpt-3", "eu", "200"],
      ["llm", "gpt-3", "us", "500"],
      ["llm", "gpt-4", "us", "600"],
      ["storage", null, null, "200"],
    ]);
    expect(inv.total.toString()).toBe("1500");
  });

  it("an overwrite with two specifiers applies to the lines either matches; tags must all be the product's", () => {
    // gpt-4 at 5¢: 100¢; Storage at 5¢: 500¢; gpt-3 untouched 900¢ → 1,500¢. The second override names
    // tags LLM lacks one of, so it changes nothing.
    const inv = bill({
      overrides: [
        override({ type: "OVERWRITE", overwriteRate: { rateType: "FLAT", price: d(5) }, specifiers: [{ pricingGroupValues: { model: "gpt-4" } }, { productId: "storage" }] }),
        override({ id: "p", type: "MULTIPLIER", multiplier: d(0), specifiers: [{ productTags: ["ai", "infra"] }] }),
      ],
    });
    expect(usageTotals(inv).map((row) => row[3])).toEqual(["400", "500", "100", "500"]);
    expect(inv.total.toString()).toBe("1500");
  });

  it("an override without specifiers keeps its product and pricing group target; an empty list is refused", () => {
    const inv = bill({ overrides: [override({ type: "MULTIPLIER", multiplier: d(2), productId: "llm", pricingGroupValues: { model: "gpt-3" } })] });
    expect(totals(inv)).toEqual(["USAGE:800", "USAGE:1000", "USAGE:600", "USAGE:200"]);
    expect(() => validateContract(contract({ overrides: [override({ type: "MULTIPLIER", multiplier: d(1), specifiers: [] })] }), idx)).toThrow(/specifiers must not be empty/);
  });
});
