import type { PrismaClient } from "@/lib/db/generated/client";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { createProduct } from "@/lib/services/products/create-product";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { ingestEvents } from "@/lib/services/usage/ingest-events";

// One customer on a monthly contract from Feb 1, 2026, read at NOW (Mar 15, 12:00): February
// is an open period (never closed), March the current one. The numbers, in USD cents:
//
//   API calls   FLAT 10 per call          Feb: 300 calls (3000)
//                                         Mar 1–10: 50 (500); Mar 10 on: 100 (1000)
//   Tokens      TIERED 2 up to 1000, 1 after, shown per region (presentation key)
//                                         Mar 10 on: us 1500 (2500), eu 700 (1400), apac 0 (0)
//   Trial credit  4000, Feb 1 – Mar 10, priority 1, any product     (contract-level)
//   Prepaid commit 4000, Feb 1 2026 – Feb 1 2027, priority 2, API calls only, bought Feb 1
//
// February: credit draws 3000; usage invoice total 3000 − 3000 = 0; the commit's purchase is a
// SCHEDULED invoice of 4000 dated Feb 1.
// March: the credit's last 1000 covers Mar 1–10 (500) and expires with 500 left; the commit
// covers Mar 10 on API calls (1000); tokens are billed: total 5400 − 500 − 1000 = 3900.

export const NOW = new Date("2026-03-15T12:00:00Z");
export const FEB = new Date("2026-02-01T00:00:00Z");
export const MAR = new Date("2026-03-01T00:00:00Z");
export const MAR10 = new Date("2026-03-10T00:00:00Z");
export const APR = new Date("2026-04-01T00:00:00Z");
const SETUP = new Date("2026-01-05T00:00:00Z");

export type BillingScenario = {
  ctx: ServiceContext;
  customerId: string;
  contractId: string;
  products: { api: string; tokens: string; fixed: string; support: string };
  creditId: string;
  creditSegmentId: string;
  commitId: string;
  commitSegmentId: string;
};

export async function billingScenario(db: PrismaClient, actor: Actor = { type: "system", name: "scenario" }): Promise<BillingScenario> {
  const ctx = { db, actor };
  const calls = await db.billableMetric.create({ data: { name: "API calls", aggregationType: "COUNT", eventTypeFilter: { in_values: ["api_call"] } } });
  const tokens = await db.billableMetric.create({
    data: { name: "Tokens", aggregationType: "SUM", aggregationKey: "tokens", eventTypeFilter: { in_values: ["completion"] }, propertyFilters: [{ name: "tokens", exists: true }], groupKeys: [["region"]] },
  });
  const api = (await createProduct(ctx, { name: "API calls", type: "USAGE", billable_metric_id: calls.id, tags: ["platform"] }, SETUP)).id;
  const tokensProduct = (await createProduct(ctx, { name: "Tokens", type: "USAGE", billable_metric_id: tokens.id, presentation_group_key: ["region"], tags: ["ai"] }, SETUP)).id;
  const fixed = (await createProduct(ctx, { name: "Prepaid balance", type: "FIXED" }, SETUP)).id;
  const support = (await createProduct(ctx, { name: "Support", type: "SUBSCRIPTION" }, SETUP)).id;

  const card = await createRateCard(ctx, { name: "List" });
  const start = "2026-01-01T00:00:00Z";
  await addRate(ctx, { rate_card_id: card.id, product_id: api, entitled: true, rate_type: "FLAT", starting_at: start, price: 10 }, SETUP);
  await addRate(ctx, { rate_card_id: card.id, product_id: tokensProduct, entitled: true, rate_type: "TIERED", starting_at: start, tiers: [{ size: 1000, price: 2 }, { price: 1 }] }, SETUP);

  const customer = await db.customer.create({ data: { name: "Acme", aliases: { create: [{ alias: "acme" }] } } });
  const contract = await db.contract.create({
    data: { customerId: customer.id, rateCardId: card.id, name: "Acme 2026", startingAt: FEB, nextPeriodStart: FEB, netPaymentTermsDays: 30 },
  });
  const credit = await db.commit.create({
    data: {
      customerId: customer.id,
      contractId: contract.id,
      kind: "CREDIT",
      name: "Trial credit",
      productId: fixed,
      creditTypeId: USD_CENTS.id,
      applicableProductIds: [],
      applicableProductTags: [],
      priority: "1",
      segments: { create: [{ customerId: customer.id, amount: "4000", startingAt: FEB, endingBefore: MAR10 }] },
    },
    select: { id: true, segments: { select: { id: true } } },
  });
  const commit = await db.commit.create({
    data: {
      customerId: customer.id,
      contractId: contract.id,
      kind: "COMMIT",
      type: "PREPAID",
      name: "Prepaid commit",
      productId: fixed,
      creditTypeId: USD_CENTS.id,
      applicableProductIds: [api],
      applicableProductTags: [],
      priority: "2",
      segments: { create: [{ customerId: customer.id, amount: "4000", startingAt: FEB, endingBefore: new Date("2027-02-01T00:00:00Z") }] },
      invoiceSchedule: { create: [{ customerId: customer.id, timestamp: FEB, unitPrice: "4000", amount: "4000" }] },
    },
    select: { id: true, segments: { select: { id: true } } },
  });

  const events: { transaction_id: string; customer_id: string; event_type: string; timestamp: string; properties?: Record<string, unknown> }[] = [];
  const call = (n: number, at: string, prefix: string) => {
    for (let i = 0; i < n; i++) events.push({ transaction_id: `${prefix}-${i}`, customer_id: "acme", event_type: "api_call", timestamp: at });
  };
  call(300, "2026-02-10T08:30:00Z", "feb");
  call(50, "2026-03-05T09:15:00Z", "mar-early");
  call(100, "2026-03-12T10:45:00Z", "mar-late");
  const completion = (id: string, region: string, amount: number) =>
    events.push({ transaction_id: id, customer_id: "acme", event_type: "completion", timestamp: "2026-03-11T14:00:00Z", properties: { region, tokens: amount } });
  completion("tok-us-1", "us", 900);
  completion("tok-us-2", "us", 600);
  completion("tok-eu", "eu", 700);
  completion("tok-apac", "apac", 0);
  await ingestEvents(ctx, events, { now: NOW, backdateDays: 60 });

  return {
    ctx,
    customerId: customer.id,
    contractId: contract.id,
    products: { api, tokens: tokensProduct, fixed, support },
    creditId: credit.id,
    creditSegmentId: credit.segments[0]!.id,
    commitId: commit.id,
    commitSegmentId: commit.segments[0]!.id,
  };
}
