/**
 * Engine benchmark: draft invoices of a contract with 20 usage products × 5 pricing-group
 * values and a rate change mid-period.
 *
 *   npx tsx bench/engine.ts [invoices]
 *
 * Three scenarios run, each on its own 10,000 invoices; the scenario is printed last:
 * - "stress": every product's price changes on the 16th, a quarter of them graduated, a credit
 *   drawn down and a seat subscription billed;
 * - "every price changes": every product's flat price changes on the 16th (200 usage lines);
 * - "engine": one product's price changes on the 16th (the scenario, 105 usage lines).
 */
import type { Contract } from "../lib/billing/contract-terms";
import { Decimal } from "../lib/billing/decimal";
import { computeInvoice } from "../lib/billing/invoice";
import { billingPeriodAt } from "../lib/billing/periods";
import { indexRateCard } from "../lib/billing/rate-schedule";
import type { BillableMetric, Product, Rate, UsageRecord } from "../lib/billing/types";
import { planUsage } from "../lib/billing/usage-plan";

const INVOICES = Number(process.argv[2] ?? 10_000);
const PRODUCTS = 20;
const MODELS = ["small", "medium", "large", "xl", "xxl"];
const USAGE_SETS = 64;
const start = new Date("2025-01-01T00:00:00Z");
const priceChange = new Date("2025-01-16T00:00:00Z");

interface Scenario {
  name: string;
  /** How many products change price on the 16th. */
  priceChanges: number;
  graduatedEvery?: number;
  withBalanceAndSeats: boolean;
}

function setUp(scenario: Scenario) {
  const metrics: BillableMetric[] = [{ id: "tokens", name: "Tokens", aggregationType: "SUM", aggregationKey: "tokens" }];
  const usageProducts = Array.from({ length: PRODUCTS }, (_, p): Product => ({
    id: `product-${p}`,
    name: `Product ${p}`,
    type: "USAGE",
    billableMetricId: "tokens",
    pricingGroupKey: ["model"],
    tags: [p % 2 === 0 ? "compute" : "storage"],
  }));
  const products: Product[] = [
    ...usageProducts,
    { id: "seats", name: "Seats", type: "SUBSCRIPTION" },
    { id: "credit", name: "Promotional credit", type: "FIXED" },
  ];
  const rates: Rate[] = usageProducts.flatMap((product, p) =>
    MODELS.flatMap((model, m): Rate[] => {
      const price = new Decimal(p + 1).times(m + 1).div(1000);
      const scope = { productId: product.id, entitled: true, pricingGroupValues: { model } };
      const graduated = scenario.graduatedEvery !== undefined && p % scenario.graduatedEvery === 0;
      if (p >= scenario.priceChanges) return [{ ...scope, rateType: "FLAT", startingAt: start, price }];
      return graduated
        ? [
            { ...scope, rateType: "TIERED", startingAt: start, endingBefore: priceChange, tiers: [{ size: new Decimal(100_000), price }, { price: price.div(2) }] },
            { ...scope, rateType: "TIERED", startingAt: priceChange, tiers: [{ size: new Decimal(100_000), price: price.times(1.1) }, { price: price.times(0.55) }] },
          ]
        : [
            { ...scope, rateType: "FLAT", startingAt: start, price },
            { ...scope, rateType: "FLAT", startingAt: priceChange, price: price.times(1.1) },
          ];
    }),
  );
  rates.push({ productId: "seats", rateType: "SUBSCRIPTION", price: new Decimal(2_000), billingFrequency: "MONTHLY", startingAt: start, entitled: true });

  const rateCard = indexRateCard({ id: "bench", rates }, products, metrics);
  const contract: Contract = {
    id: "bench-contract",
    startingAt: start,
    usageStatementSchedule: { frequency: "MONTHLY", day: "CONTRACT_START" },
    ...(scenario.withBalanceAndSeats && {
      credits: [
        {
          id: "promo",
          productId: "credit",
          applicableProductTags: ["compute"],
          accessSchedule: { scheduleItems: [{ id: "promo-1", amount: new Decimal(50_000), startingAt: start, endingBefore: new Date("2026-01-01T00:00:00Z") }] },
        },
      ],
      subscriptions: [
        {
          id: "seats",
          productId: "seats",
          billingFrequency: "MONTHLY",
          collectionSchedule: "ADVANCE",
          proration: { isProrated: true },
          quantitySchedule: [{ quantity: new Decimal(12), startingAt: start }],
        },
      ],
    }),
  };
  const period = billingPeriodAt(contract, start)!;
  const plan = planUsage({ contract, rateCard, period });
  // Distinct usage per set, so consecutive invoices never repeat the same numbers.
  const usageSets: UsageRecord[][] = Array.from({ length: USAGE_SETS }, (_, set) =>
    plan.products.flatMap((planned, p) =>
      planned.windows.flatMap((window, w) =>
        MODELS.map((model, m) => ({
          productId: planned.productId,
          groupValues: { model },
          ...window,
          quantity: new Decimal(((set + 1) * 7919 + p * 104_729 + m * 1_299_709 + w * 15_485_863) % 250_000),
        })),
      ),
    ),
  );
  return { contract, rateCard, period, usageSets };
}

function run(scenario: Scenario): string {
  const { contract, rateCard, period, usageSets } = setUp(scenario);
  const invoiceAt = (i: number) => computeInvoice({ contract, rateCard, period, usage: usageSets[i % USAGE_SETS]! });
  for (let i = 0; i < Math.min(500, INVOICES); i += 1) invoiceAt(i); // let the JIT settle before timing
  const began = process.hrtime.bigint();
  for (let i = 0; i < INVOICES; i += 1) invoiceAt(i);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const lines = invoiceAt(0).lines.length;
  return `${scenario.name}: ${INVOICES} invoices in ${seconds.toFixed(2)} s (${Math.round(INVOICES / seconds)} invoices/s) [${lines} lines per invoice]`;
}

// The scenario runs first, on a fresh JIT; its figure is printed last.
const headline = run({ name: "engine", priceChanges: 1, withBalanceAndSeats: false });
const everyPrice = run({ name: "every price changes", priceChanges: PRODUCTS, withBalanceAndSeats: false });
console.log(run({ name: "stress", priceChanges: PRODUCTS, graduatedEvery: 4, withBalanceAndSeats: true }));
console.log(everyPrice);
console.log(headline.replace(/ \[.*\]$/, ""));
