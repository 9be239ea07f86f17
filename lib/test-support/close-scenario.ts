import type { PrismaClient } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { createProduct } from "@/lib/services/products/create-product";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { ingestEvents } from "@/lib/services/usage/ingest-events";

// Many periods to close, for crash tests of period close: CUSTOMERS customers on monthly
// contracts from Jun 1, 2025, closed at CLOSE_AT (Mar 15, 2026): nine periods each (June to
// February). API calls cost 10¢; each customer has a credit that runs out part-way (so every
// invoice depends on the earlier ones' draws) and a prepaid commit bought on Sep 1 (a SCHEDULED
// invoice). Everything is
// named, so two databases built by it can be compared by name.

export const CLOSE_AT = new Date("2026-03-15T12:00:00Z");
export const CUSTOMERS = 5;
export const CLOSABLE_PERIODS = 9;
/** Each customer's usage invoices, and the SCHEDULED invoice of its commit purchase. */
export const CLOSED_INVOICES = CUSTOMERS * (CLOSABLE_PERIODS + 1);
const START = new Date("2025-06-01T00:00:00Z");
const SETUP = new Date("2025-05-01T00:00:00Z");

const month = (n: number) => new Date(Date.UTC(2025, 5 + n, 1));

export async function closeScenario(db: PrismaClient): Promise<void> {
  const ctx: ServiceContext = { db, actor: { type: "system", name: "scenario" } };
  const calls = await db.billableMetric.create({ data: { name: "API calls", aggregationType: "COUNT", eventTypeFilter: { in_values: ["api_call"] } } });
  const api = (await createProduct(ctx, { name: "API calls", type: "USAGE", billable_metric_id: calls.id }, SETUP)).id;
  const fixed = (await createProduct(ctx, { name: "Prepaid balance", type: "FIXED" }, SETUP)).id;
  const card = await createRateCard(ctx, { name: "List" });
  await addRate(ctx, { rate_card_id: card.id, product_id: api, entitled: true, rate_type: "FLAT", starting_at: SETUP.toISOString(), price: 10 }, SETUP);

  const events: { transaction_id: string; customer_id: string; event_type: string; timestamp: string }[] = [];
  for (let k = 0; k < CUSTOMERS; k++) {
    const alias = `customer-${k}`;
    const customer = await db.customer.create({ data: { name: `Customer ${k}`, aliases: { create: [{ alias }] } } });
    const contract = await db.contract.create({ data: { customerId: customer.id, rateCardId: card.id, name: `Contract ${k}`, startingAt: START, nextPeriodStart: START } });
    await db.commit.create({
      data: {
        customerId: customer.id,
        contractId: contract.id,
        kind: "CREDIT",
        name: "Credit",
        productId: fixed,
        creditTypeId: USD_CENTS.id,
        applicableProductIds: [],
        applicableProductTags: [],
        priority: "1",
        segments: { create: [{ customerId: customer.id, amount: String(5000 + 1000 * k), startingAt: START, endingBefore: month(12) }] },
      },
    });
    await db.commit.create({
      data: {
        customerId: customer.id,
        contractId: contract.id,
        kind: "COMMIT",
        type: "PREPAID",
        name: "Commit",
        productId: fixed,
        creditTypeId: USD_CENTS.id,
        applicableProductIds: [],
        applicableProductTags: [],
        priority: "2",
        segments: { create: [{ customerId: customer.id, amount: "3000", startingAt: month(3), endingBefore: month(12) }] },
        invoiceSchedule: { create: [{ customerId: customer.id, timestamp: month(3), unitPrice: "3000", amount: "3000" }] },
      },
    });
    for (let m = 0; m < CLOSABLE_PERIODS + 1; m++) {
      const count = 20 + 7 * k + 11 * m;
      const at = new Date(month(m).getTime() + (k + 1) * 3_600_000).toISOString();
      for (let i = 0; i < count; i++) events.push({ transaction_id: `${alias}-${m}-${i}`, customer_id: alias, event_type: "api_call", timestamp: at });
    }
  }
  await ingestEvents(ctx, events, { now: CLOSE_AT, backdateDays: 400 });
}
