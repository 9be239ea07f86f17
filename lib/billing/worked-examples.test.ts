import { describe, expect, it } from "vitest";
import type { Commit, Contract, Credit, Override, Subscription } from "./contract-terms";
import { computeInvoice } from "./invoice";
import { computeScheduledInvoices } from "./scheduled-invoices";
import { at, contract, d, flatRate, index, product, rateCard, usage, usageProduct, win } from "./test-support/builders";
import type { CreditType, Invoice, LedgerEntry, PriceSpec, Product, Rate, Tier } from "./types";

/**
 * Published examples of pricing models, each reproduced with the engine. Amounts are USD cents
 * (Metronome's default credit type), so "$7" is 700. Every case names its public source; where
 * the source states a rule but no figures, the quantities are ours and the comment says so.
 */

const MONTH = win("2024-01-01", "2024-02-01");
const NOVEMBER = win("2024-11-01", "2024-12-01"); // 30 days: "halfway" is the 16th at 00:00

function price(spec: PriceSpec, quantity: number | string, productExtra: Partial<Product> = {}, terms: Contract = contract()): Invoice {
  const rate = { ...spec, productId: "p", startingAt: at("2024-01-01"), entitled: true } as Rate;
  return computeInvoice({
    contract: terms,
    rateCard: index(rateCard([rate]), [usageProduct("p", productExtra), product("fixed", "FIXED")]),
    period: MONTH,
    usage: [usage("p", quantity, MONTH)],
  });
}
const total = (invoice: Invoice): string => invoice.total.toString();
const tiers = (...rows: [size: number | undefined, price: string][]): Tier[] =>
  rows.map(([size, p]) => (size === undefined ? { price: d(p) } : { size: d(size), price: d(p) }));

// Stripe's Typographic example: fonts 1–5 at $7, 6–10 at $6.50, 11+ at $6.
// https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing
const TYPOGRAPHIC = tiers([5, "700"], [5, "650"], [undefined, "600"]);

describe("tiered pricing: graduated vs volume", () => {
  it.each([
    [1, "700"],
    [5, "3500"],
    [6, "3900"],
    [20, "12000"],
    [25, "15000"],
  ])("Stripe volume-based table: %i fonts → %s¢ (docs.stripe.com/subscriptions/pricing-models/tiered-pricing)", (fonts, expected) => {
    expect(total(price({ rateType: "VOLUME", tiers: TYPOGRAPHIC }, fonts))).toBe(expected);
  });

  it.each([
    [5, "3500"], // "5 fonts result in the same charge as volume-based pricing: 35 USD"
    [6, "4150"], // 5 × $7 + 1 × $6.50, from the same tiers
    [20, "12750"], // 5 × $7 + 5 × $6.50 + 10 × $6
    [25, "15750"], // 5 × $7 + 5 × $6.50 + 15 × $6
  ])("Stripe graduated pricing: %i fonts → %s¢ (docs.stripe.com/subscriptions/pricing-models/tiered-pricing)", (fonts, expected) => {
    expect(total(price({ rateType: "TIERED", tiers: TYPOGRAPHIC }, fonts))).toBe(expected);
  });

  it("Autumn graduated: 15,000 requests at $0.01 / $0.008 / $0.005 → $107 (docs.useautumn.com/documentation/modelling-pricing/graduated-pricing)", () => {
    expect(total(price({ rateType: "TIERED", tiers: tiers([1000, "1"], [9000, "0.8"], [undefined, "0.5"]) }, 15000))).toBe("10700");
  });

  it("Zuplo graduated: 15,000 units at $0.10 / $0.05 / $0.01 → $600 (zuplo.com/docs/articles/monetization/pricing-models)", () => {
    expect(total(price({ rateType: "TIERED", tiers: tiers([1000, "10"], [9000, "5"], [undefined, "1"]) }, 15000))).toBe("60000");
  });

  it("Zuplo volume: the same 15,000 units all at $0.01 → $150 (zuplo.com/docs/articles/monetization/pricing-models)", () => {
    expect(total(price({ rateType: "VOLUME", tiers: tiers([1000, "10"], [9000, "5"], [undefined, "1"]) }, 15000))).toBe("15000");
  });

  it("Zuplo per-unit: 100,000 API calls at $0.001 → $100 (zuplo.com/docs/articles/monetization/pricing-models)", () => {
    expect(total(price({ rateType: "FLAT", price: d("0.1") }, 100000))).toBe("10000");
  });

  it("Meteroid graduated: 600 units at $10 / $8 / $6 → $4,800 (meteroid.com/glossary/graduated-pricing)", () => {
    expect(total(price({ rateType: "TIERED", tiers: tiers([100, "1000"], [400, "800"], [undefined, "600"]) }, 600))).toBe("480000");
  });

  it("Meteroid volume discounting: the same 600 units all at $6 → $3,600 (meteroid.com/glossary/graduated-pricing)", () => {
    expect(total(price({ rateType: "VOLUME", tiers: tiers([100, "1000"], [400, "800"], [undefined, "600"]) }, 600))).toBe("360000");
  });

  it("Lago volume: 65,000 API calls at $0.0006 plus the $10 fixed fee → $49 (getlago.com/docs/guide/plans/charges/charge-models/volume)", () => {
    // The per-tier fixed fee is a scheduled charge here.
    const terms = contract({
      scheduledCharges: [{ id: "fee", productId: "fixed", schedule: { scheduleItems: [{ timestamp: at("2024-01-01"), amount: d(1000) }] } }],
    });
    const lago = tiers([10000, "0.1"], [40000, "0.08"], [50000, "0.06"], [undefined, "0.04"]);
    const usageInvoice = price({ rateType: "VOLUME", tiers: lago }, 65000, {}, terms);
    const [fee] = computeScheduledInvoices(terms, index(rateCard([]), [product("fixed", "FIXED")]), MONTH);
    expect(usageInvoice.total.plus(fee!.total).toString()).toBe("4900");
  });

  it("Flexprice volume: 65,000 API calls fall in tier 3 at $0.0006 → $39 (docs.flexprice.io/docs/product-catalogue/plans/billing-models/tiered)", () => {
    const lagoTiers = tiers([10000, "0.1"], [40000, "0.08"], [50000, "0.06"], [undefined, "0.04"]);
    expect(total(price({ rateType: "VOLUME", tiers: lagoTiers }, 65000))).toBe("3900");
  });

  it("Metronome tiered pricing: first 1,000 GB at $0.10, thereafter $0.09; 1,500 GB (ours) → $145 (docs.metronome.com/pricing-and-packaging/create-plans/)", () => {
    expect(total(price({ rateType: "TIERED", tiers: tiers([1000, "10"], [undefined, "9"]) }, 1500))).toBe("14500");
  });
});

describe("AWS Lambda (graduated with a free first tier, and a unit conversion)", () => {
  // https://aws.amazon.com/lambda/pricing/ — $0.00001667 per GB-s after 400,000 free GB-s,
  // $0.20 per million requests after 1M free requests. Seconds are converted to GB-s by the
  // product's quantity conversion (× memory in GB).
  function lambda(memoryGb: string, requests: number, seconds: number): Invoice {
    const compute = usageProduct("compute", { quantityConversion: { conversionFactor: d(memoryGb), operation: "MULTIPLY" } });
    const calls = usageProduct("requests");
    const rates: Rate[] = [
      { productId: "compute", rateType: "TIERED", tiers: tiers([400000, "0"], [undefined, "0.001667"]), startingAt: at("2024-01-01"), entitled: true },
      { productId: "requests", rateType: "TIERED", tiers: tiers([1000000, "0"], [undefined, "0.00002"]), startingAt: at("2024-01-01"), entitled: true },
    ];
    return computeInvoice({
      contract: contract(),
      rateCard: index(rateCard(rates), [compute, calls]),
      period: MONTH,
      usage: [usage("compute", seconds, MONTH), usage("requests", requests, MONTH)],
    });
  }

  it("Example 1: 512 MB, 3M requests of 1 s → $18.34 compute + $0.40 requests = $18.74", () => {
    const invoice = lambda("0.5", 3_000_000, 3_000_000);
    expect(invoice.lines.map((l) => l.total.toString())).toEqual(["1834", "40"]);
    expect(total(invoice)).toBe("1874");
  });

  it("Example 2: 128 MB, 30M requests of 200 ms → $5.83 compute + $5.80 requests = $11.63", () => {
    const invoice = lambda("0.125", 30_000_000, 6_000_000);
    expect(invoice.lines.map((l) => l.total.toString())).toEqual(["583", "580"]);
    expect(total(invoice)).toBe("1163");
  });
});

describe("package pricing and quantity transformation", () => {
  it.each([
    [1, "1000"],
    [3, "1000"],
    [5, "1000"],
    [6, "2000"],
    [7, "2000"],
  ])("Stripe: $10 for every 5 users or portion thereof, %i users → %s¢ (stripe.com/docs/billing/subscriptions/quantity-transformation)", (users, expected) => {
    expect(total(price({ rateType: "PACKAGE", price: d(1000), packageSize: d(5) }, users))).toBe(expected);
  });

  it("Stripe: a car rented for 150 minutes at $10 per started hour → $30 (docs.stripe.com/billing/subscriptions/usage-based/transform-quantities)", () => {
    const perHour = { quantityConversion: { conversionFactor: d(60), operation: "DIVIDE" }, quantityRounding: { decimalPlaces: 0, roundingMethod: "ROUND_UP" } } as const;
    expect(total(price({ rateType: "FLAT", price: d(1000) }, 150, perHour))).toBe("3000");
  });

  it.each([
    [10, "125"], // rounded up to the minimum of one package
    [1_000_000, "125"],
    [1_500_000, "250"],
  ])("Chargebee: $1.25 per 1M tokens, %i tokens → %s¢ (chargebee.com/docs/billing/2.0/product-catalog/package-pricing)", (tokens, expected) => {
    expect(total(price({ rateType: "PACKAGE", price: d(125), packageSize: d(1_000_000) }, tokens))).toBe(expected);
  });

  it("Lago: $5 per 100 units with the first 100 free, 201 units → $0 + $5 + $5 = $10 (getlago.com/docs/guide/plans/charges/charge-models/package)", () => {
    // The free first 100 units are a tiered override at ×0 on them.
    const free100 = { id: "free", type: "TIERED", tiers: [{ size: d(100), multiplier: d(0) }], productId: "p", startingAt: at("2024-01-01"), priority: 1 } as Override;
    const terms = contract({ multiplierOverridePrioritization: "EXPLICIT", overrides: [free100] });
    expect(total(price({ rateType: "PACKAGE", price: d(500), packageSize: d(100) }, 201, {}, terms))).toBe("1000");
  });

  it("Metronome: a metric sent in bytes priced per converted unit with a conversion factor of 1024 (docs.metronome.com/pricing/managing-plans/); 10,240 (ours) at 2¢ → 20¢", () => {
    const kib = { quantityConversion: { conversionFactor: d(1024), operation: "DIVIDE" } } as const;
    expect(total(price({ rateType: "FLAT", price: d(2) }, 10240, kib))).toBe("20");
  });
});

describe("percentage (composite) charges with a minimum", () => {
  // https://docs.metronome.com/guides/pricing-packaging/billing-model-guides/composite-charges —
  // "10% of applicable spend, with a $500/month minimum": the greater of the two. Spend is ours.
  function support(computeSpendCents: number, storageSpendCents: number, spec: Omit<Extract<PriceSpec, { rateType: "PERCENTAGE" }>, "rateType">): Invoice {
    const products = [
      usageProduct("compute", { tags: ["compute"] }),
      usageProduct("storage", { tags: ["storage"] }),
      usageProduct("egress"),
      product("support", "COMPOSITE", { compositeTags: ["compute", "storage"] }),
    ];
    const rates: Rate[] = [
      flatRate("compute", 1),
      flatRate("storage", 1),
      flatRate("egress", 1),
      { productId: "support", rateType: "PERCENTAGE", ...spec, startingAt: at("2024-01-01"), entitled: true } as Rate,
    ];
    return computeInvoice({
      contract: contract(),
      rateCard: index(rateCard(rates), products),
      period: MONTH,
      usage: [usage("compute", computeSpendCents, MONTH), usage("storage", storageSpendCents, MONTH), usage("egress", 70000, MONTH)],
    });
  }
  const supportLine = (invoice: Invoice) => invoice.lines.find((l) => l.productId === "support")!.total.toString();

  it("10% of $3,000 is $300, below the $500 minimum → $500", () => {
    expect(supportLine(support(200000, 100000, { price: d("0.1"), minimum: d(50000) }))).toBe("50000");
  });

  it("10% of $8,000 is $800, above the minimum → $800", () => {
    expect(supportLine(support(500000, 300000, { price: d("0.1"), minimum: d(50000) }))).toBe("80000");
  });

  it("5% of all compute and storage spend: $1,000 + $500 → $75; other spend does not count", () => {
    const invoice = support(100000, 50000, { price: d("0.05") });
    expect(supportLine(invoice)).toBe("7500");
    expect(total(invoice)).toBe("227500");
  });

  it("percentage rates above 100% are allowed: 150% of $100 → $150", () => {
    expect(supportLine(support(10000, 0, { price: d("1.5") }))).toBe("15000");
  });

  it("Upvest: a 1% fee not less than €1 and not more than €100 (docs.upvest.co/products/tol/guides/fees/fees_transaction_fees_designing); €50,000 (ours) → €100", () => {
    expect(supportLine(support(5_000_000, 0, { price: d("0.01"), minimum: d(100), maximum: d(10000) }))).toBe("10000");
    expect(supportLine(support(5_000, 0, { price: d("0.01"), minimum: d(100), maximum: d(10000) }))).toBe("100");
  });
});

describe("contract overrides (Metronome)", () => {
  // https://docs.metronome.com/manage-product-access/add-contract-override — rules quoted, quantities ours.
  const override = (extra: Partial<Override>) => ({ id: "o", productId: "p", startingAt: at("2024-01-01"), ...extra }) as Override;

  it("Multiplier: 'a 0.9 multiplier gives a 10% discount from the list rate': 100 units at $1 → $90", () => {
    const terms = contract({ overrides: [override({ type: "MULTIPLIER", multiplier: d("0.9") })] });
    expect(total(price({ rateType: "FLAT", price: d(100) }, 100, {}, terms))).toBe("9000");
  });

  it("Tiered: 'a 0.9 multiplier with size = 5 … only on the first 5 uses in the billing period': 8 uses at $10 → $75", () => {
    const terms = contract({
      multiplierOverridePrioritization: "EXPLICIT",
      overrides: [override({ type: "TIERED", tiers: [{ size: d(5), multiplier: d("0.9") }], priority: 1 })],
    });
    expect(total(price({ rateType: "FLAT", price: d(1000) }, 8, {}, terms))).toBe("7500");
  });

  it("Overwrite: '$3.23 … regardless of changes to the list price': the list rises from $3 to $4 mid-month, 10 units each side → $64.60", () => {
    const products = [usageProduct("p")];
    const card = rateCard([flatRate("p", 300), flatRate("p", 400, "2024-01-16")]);
    const terms = contract({ overrides: [override({ type: "OVERWRITE", overwriteRate: { rateType: "FLAT", price: d(323) } })] });
    const halves = [usage("p", 10, win("2024-01-01", "2024-01-16")), usage("p", 10, win("2024-01-16", "2024-02-01"))];
    expect(total(computeInvoice({ contract: terms, rateCard: index(card, products), period: MONTH, usage: halves }))).toBe("6460");
  });

  it("LOWEST_MULTIPLIER (the default) 'applies the greatest discount to list prices automatically' (Metronome API, multiplier_override_prioritization): 0.9 and 0.8 → 0.8", () => {
    const terms = contract({
      overrides: [override({ id: "a", type: "MULTIPLIER", multiplier: d("0.9") }), override({ id: "b", type: "MULTIPLIER", multiplier: d("0.8") })],
    });
    expect(total(price({ rateType: "FLAT", price: d(100) }, 100, {}, terms))).toBe("8000");
  });
});

describe("prepaid credits and commits draw-down", () => {
  const segment = (id: string, amount: number, to = "2025-01-01") => ({ id, amount: d(amount), startingAt: at("2024-01-01"), endingBefore: at(to) });

  it("Orb custom credits: 10 credits bought at $2 each → a $20 invoice; usage beyond the allocation billed at $2 per credit (docs.withorb.com/tutorials/first-custom-credits); 12 credits used (ours) → $24", () => {
    const credits: CreditType = { id: "credits", name: "Credits", precision: 2 };
    const products = [usageProduct("p"), product("fixed", "FIXED")];
    const card = rateCard([flatRate("p", 1, "2024-01-01", { creditType: credits })], {
      creditTypeConversions: [{ customCreditType: credits, fiatPerCustomCredit: d(200) }],
    });
    const prepaid: Commit = {
      id: "block",
      type: "PREPAID",
      productId: "fixed",
      accessSchedule: { creditType: credits, scheduleItems: [segment("s", 10)] },
      invoiceSchedule: { scheduleItems: [{ timestamp: at("2024-01-01"), quantity: d(10), unitPrice: d(200) }] },
    };
    const terms = contract({ commits: [prepaid] });
    const [purchase] = computeScheduledInvoices(terms, index(card, products), MONTH);
    expect(purchase!.lines.map((l) => [l.type, l.total.toString()])).toEqual([["COMMIT_PURCHASE", "2000"]]);
    const invoice = computeInvoice({ contract: terms, rateCard: index(card, products), period: MONTH, usage: [usage("p", 12, MONTH)] });
    expect(invoice.lines.map((l) => [l.type, l.total.toString()])).toEqual([
      ["USAGE", "12"],
      ["APPLIED_COMMIT_OR_CREDIT", "-10"],
      ["CPU_CONVERSION", "400"],
    ]);
    expect(total(invoice)).toBe("400");
  });

  it("Metronome prioritization: among credits of equal priority 'the earlier ending_before burns down first' (docs.metronome.com/pricing-packaging/apply-credits-commits/prioritization-rules); amounts ours", () => {
    const late: Credit = { id: "late", productId: "fixed", priority: 1, accessSchedule: { scheduleItems: [segment("s", 5000, "2025-01-01")] } };
    const soon: Credit = { id: "soon", productId: "fixed", priority: 1, accessSchedule: { scheduleItems: [segment("s", 5000, "2024-06-01")] } };
    const invoice = price({ rateType: "FLAT", price: d(1) }, 7000, {}, contract({ credits: [late, soon] }));
    expect(invoice.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => [l.commitId, l.total.toString()])).toEqual([
      ["soon", "-5000"],
      ["late", "-2000"],
    ]);
    expect(total(invoice)).toBe("0");
  });

  it("Metronome prioritization: a lower priority number burns first even if it expires later (same source); amounts ours", () => {
    const first: Credit = { id: "first", productId: "fixed", priority: 1, accessSchedule: { scheduleItems: [segment("s", 3000, "2025-01-01")] } };
    const second: Credit = { id: "second", productId: "fixed", priority: 2, accessSchedule: { scheduleItems: [segment("s", 3000, "2024-03-01")] } };
    const invoice = price({ rateType: "FLAT", price: d(1) }, 4000, {}, contract({ credits: [second, first] }));
    expect(invoice.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => [l.commitId, l.total.toString()])).toEqual([
      ["first", "-3000"],
      ["second", "-1000"],
    ]);
  });

  it("Metronome: 'only usage falling within the range consumes the credit or commit' (docs.metronome.com/pricing-packaging/apply-credits-commits); a credit ending mid-month covers the first half only", () => {
    const products = [usageProduct("p"), product("fixed", "FIXED")];
    const halfMonth: Credit = { id: "c", productId: "fixed", accessSchedule: { scheduleItems: [segment("s", 100000, "2024-01-16")] } };
    const halves = [usage("p", 1000, win("2024-01-01", "2024-01-16")), usage("p", 1000, win("2024-01-16", "2024-02-01"))];
    const invoice = computeInvoice({ contract: contract({ credits: [halfMonth] }), rateCard: index(rateCard([flatRate("p", 1)]), products), period: MONTH, usage: halves });
    expect(total(invoice)).toBe("1000");
  });

  it("Metronome: credits apply only to their applicable products (docs.metronome.com/pricing-packaging/apply-credits-commits); amounts ours", () => {
    const products = [usageProduct("p", { tags: ["ai"] }), usageProduct("q"), product("fixed", "FIXED")];
    const aiOnly: Credit = { id: "c", productId: "fixed", applicableProductTags: ["ai"], accessSchedule: { scheduleItems: [segment("s", 100000)] } };
    const invoice = computeInvoice({
      contract: contract({ credits: [aiOnly] }),
      rateCard: index(rateCard([flatRate("p", 1), flatRate("q", 1)]), products),
      period: MONTH,
      usage: [usage("p", 500, MONTH), usage("q", 700, MONTH)],
    });
    expect(total(invoice)).toBe("700");
  });
});

describe("minimum commitments and true-ups", () => {
  function minimum(units: number, commitCents: number, extra: Partial<Contract> = {}, unitCents = 1): Invoice {
    const minimumCommit: Commit = {
      id: "minimum",
      type: "POSTPAID",
      productId: "fixed",
      accessSchedule: { scheduleItems: [{ id: "m", amount: d(commitCents), startingAt: MONTH.startingAt, endingBefore: MONTH.endingBefore }] },
    };
    const products = [usageProduct("p"), product("fixed", "FIXED"), product("plan", "SUBSCRIPTION")];
    const rates: Rate[] = [flatRate("p", unitCents), { productId: "plan", rateType: "SUBSCRIPTION", price: d(5000), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true }];
    return computeInvoice({
      contract: contract({ commits: [minimumCommit], ...extra }),
      rateCard: index(rateCard(rates), products),
      period: MONTH,
      usage: [usage("p", units, MONTH)],
    });
  }
  const trueUp = (invoice: Invoice) => invoice.lines.find((l) => l.type === "POSTPAID_TRUEUP")?.total.toString() ?? "none";

  it("Lago: $1,000 monthly minimum with $800 of usage → a $200 true-up, $1,000 in all (getlago.com/docs/guide/lago-cloud/contract-billing)", () => {
    const invoice = minimum(80000, 100000);
    expect([trueUp(invoice), total(invoice)]).toEqual(["20000", "100000"]);
  });

  it("Lago: the same minimum with $1,300 of usage → no true-up, $1,300 (getlago.com/docs/guide/lago-cloud/contract-billing)", () => {
    const invoice = minimum(130000, 100000);
    expect([trueUp(invoice), total(invoice)]).toEqual(["none", "130000"]);
  });

  it("Lago spending minimum: MTUs at $0.010, $100 minimum, $50 consumed (5,000 MTUs) → a $50 true-up (getlago.com/docs/guide/plans/charges/spending-minimum)", () => {
    const products = [usageProduct("mtu"), product("fixed", "FIXED")];
    const commit: Commit = { id: "min", type: "POSTPAID", productId: "fixed", accessSchedule: { scheduleItems: [{ id: "m", amount: d(10000), ...MONTH }] } };
    const invoice = computeInvoice({ contract: contract({ commits: [commit] }), rateCard: index(rateCard([flatRate("mtu", 1)]), products), period: MONTH, usage: [usage("mtu", 5000, MONTH)] });
    expect([trueUp(invoice), total(invoice)]).toEqual(["5000", "10000"]);
  });

  it("Lago minimum spend: $50 plan + 3 units × $10 = $80, plus a $20 true-up → $100 (github.com/getlago/lago-api/pull/1787)", () => {
    const plan: Subscription = { id: "plan", productId: "plan", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(1), startingAt: at("2024-01-01") }] };
    const invoice = minimum(3, 10000, { subscriptions: [plan] }, 1000);
    expect([trueUp(invoice), total(invoice)]).toEqual(["2000", "10000"]);
  });

  it("Metronome postpaid: 'If the total amount paid during the access period is less than the committed amount, there's a final true-up invoice' (docs.staging.metronome.com/api-reference/credits-and-commits/disable-trueup-for-commit); $10,000 over a quarter, $2,000 a month (ours)", () => {
    const quarter: Commit = { id: "q", type: "POSTPAID", productId: "fixed", accessSchedule: { scheduleItems: [{ id: "m", amount: d(1_000_000), ...win("2024-01-01", "2024-04-01") }] } };
    const products = [usageProduct("p"), product("fixed", "FIXED")];
    const card = index(rateCard([flatRate("p", 1)]), products);
    const terms = contract({ commits: [quarter] });
    const ledger: LedgerEntry[] = [];
    const totals: string[] = [];
    for (const month of [win("2024-01-01", "2024-02-01"), win("2024-02-01", "2024-03-01"), win("2024-03-01", "2024-04-01")]) {
      const invoice = computeInvoice({ contract: terms, rateCard: card, period: month, usage: [usage("p", 200_000, month)], ledger });
      ledger.push(...invoice.ledgerEntries);
      totals.push(total(invoice));
    }
    expect(totals).toEqual(["200000", "200000", "600000"]); // the last month carries the $4,000 true-up
  });
});

describe("subscriptions and proration", () => {
  // An upgrade modelled as one subscription ending and another starting at the change, both
  // prorated by exact time; billed in arrears, the period's total is the sources' net amount.
  function upgrade(fromCents: number, toCents: number, changeAt: string, period = NOVEMBER): Invoice {
    const products = [product("a", "SUBSCRIPTION"), product("b", "SUBSCRIPTION")];
    const rates: Rate[] = ["a", "b"].map((id, i) => ({
      productId: id,
      rateType: "SUBSCRIPTION",
      price: d(i === 0 ? fromCents : toCents),
      billingFrequency: "MONTHLY",
      startingAt: at("2024-01-01"),
      entitled: true,
    }));
    const plan = (id: string, extra: Partial<Subscription>): Subscription => ({
      id,
      productId: id,
      billingFrequency: "MONTHLY",
      collectionSchedule: "ARREARS",
      proration: { isProrated: true },
      quantitySchedule: [{ quantity: d(1), startingAt: at("2024-01-01") }],
      ...extra,
    });
    const terms = contract({ subscriptions: [plan("a", { endingBefore: at(changeAt) }), plan("b", { startingAt: at(changeAt) })] });
    return computeInvoice({ contract: terms, rateCard: index(rateCard(rates), products), period, usage: [] });
  }

  it("Stripe: $10 → $20 halfway through the period: −$5 unused + $10 for the rest, so $5 more than $10 (docs.stripe.com/billing/subscriptions/prorations)", () => {
    expect(total(upgrade(1000, 2000, "2024-11-16"))).toBe("1500");
  });

  it("Autumn: $20 → $50 halfway through the cycle: charged $15 more, $35 for the period (docs.useautumn.com/documentation/modelling-pricing/proration)", () => {
    expect(total(upgrade(2000, 5000, "2024-11-16"))).toBe("3500");
  });

  it("Chargebee: Plan A $30 from Nov 1, upgraded to Plan B $100 with 15 of 30 days left: +$35 (support.chargebee.com/support/solutions/articles/15293-pro-ration-logic-in-subscriptions)", () => {
    const invoice = upgrade(3000, 10000, "2024-11-16");
    expect(invoice.lines.map((l) => l.total.toString())).toEqual(["1500", "5000"]);
    expect(total(invoice)).toBe("6500"); // $30 + $35
  });

  it("Metronome: a price change is billed 'at the new rate at the start of the next billing period' (docs.metronome.com/guides/pricing-packaging/subscription/manage-subscription-lifecycle)", () => {
    const seats = product("seats", "SUBSCRIPTION");
    const rate = (cents: number, from: string): Rate => ({ productId: "seats", rateType: "SUBSCRIPTION", price: d(cents), billingFrequency: "MONTHLY", startingAt: at(from), entitled: true });
    const card = index(rateCard([rate(1000, "2024-01-01"), rate(1500, "2024-01-15")]), [seats]);
    const terms = contract({
      subscriptions: [{ id: "s", productId: "seats", billingFrequency: "MONTHLY", collectionSchedule: "ADVANCE", proration: { isProrated: true }, quantitySchedule: [{ quantity: d(3), startingAt: at("2024-01-01") }] }],
    });
    expect(total(computeInvoice({ contract: terms, rateCard: card, period: MONTH, usage: [] }))).toBe("3000");
    expect(total(computeInvoice({ contract: terms, rateCard: card, period: win("2024-02-01", "2024-03-01"), usage: [] }))).toBe("4500");
  });

  it("Stripe proration is 'down to the second' (docs.stripe.com/billing/scripts/prorations): a $31 seat added with 36 hours of a 31-day month left → $1 a day × 1.5 days = $1.50", () => {
    const seats = product("seats", "SUBSCRIPTION");
    const card = index(rateCard([{ productId: "seats", rateType: "SUBSCRIPTION", price: d(3100), billingFrequency: "MONTHLY", startingAt: at("2024-01-01"), entitled: true }]), [seats]);
    const terms = contract({
      subscriptions: [
        {
          id: "s",
          productId: "seats",
          billingFrequency: "MONTHLY",
          collectionSchedule: "ADVANCE",
          proration: { isProrated: true },
          quantitySchedule: [{ quantity: d(1), startingAt: at("2024-01-01") }, { quantity: d(2), startingAt: at("2024-01-30T12:00") }],
        },
      ],
    });
    const invoice = computeInvoice({ contract: terms, rateCard: card, period: MONTH, usage: [] });
    expect(invoice.lines.map((l) => l.total.toString())).toEqual(["3100", "150"]);
  });
});
