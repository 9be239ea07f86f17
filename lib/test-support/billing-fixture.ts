import type { ServiceContext } from "@/lib/services/context";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { createProduct } from "@/lib/services/products/create-product";
import { addRates } from "@/lib/services/rate-cards/add-rates";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";

// A small AI-API catalog for billing scenarios, created through the services (as the API and
// the console would): tokens by model (per million), requests, seats, and a FIXED product that
// commits, credits and charges bill under.

export const T0 = new Date("2026-01-01T00:00:00Z");

export async function billingFixture(ctx: ServiceContext, customerName = "Scenario Co") {
  const tokens = await createBillableMetric(ctx, {
    name: "Tokens",
    aggregation_type: "SUM",
    aggregation_key: "tokens",
    event_type_filter: { in_values: ["completion"] },
    property_filters: [{ name: "tokens", exists: true }],
    group_keys: [["model"]],
  });
  const requests = await createBillableMetric(ctx, { name: "Requests", aggregation_type: "COUNT", event_type_filter: { in_values: ["completion"] } });
  const tokenProduct = await createProduct(ctx, { type: "USAGE", name: "Tokens", billable_metric_id: tokens.id, pricing_group_key: ["model"], quantity_conversion: { conversion_factor: 1_000_000, operation: "DIVIDE" }, tags: ["inference"] });
  const requestProduct = await createProduct(ctx, { type: "USAGE", name: "Requests", billable_metric_id: requests.id, tags: ["platform"] });
  const seats = await createProduct(ctx, { type: "SUBSCRIPTION", name: "Seats" });
  const fixed = await createProduct(ctx, { type: "FIXED", name: "Commitment" });
  const card = await createRateCard(ctx, { name: "List" });
  await addRates(ctx, {
    rate_card_id: card.id,
    rates: [
      { product_id: tokenProduct.id, entitled: true, rate_type: "FLAT", price: 1000, starting_at: T0.toISOString(), pricing_group_values: { model: "large" } },
      { product_id: tokenProduct.id, entitled: true, rate_type: "FLAT", price: 100, starting_at: T0.toISOString(), pricing_group_values: { model: "mini" } },
      { product_id: requestProduct.id, entitled: true, rate_type: "TIERED", tiers: [{ size: 1000, price: 0 }, { price: 0.5 }], starting_at: T0.toISOString() },
      { product_id: seats.id, entitled: true, rate_type: "SUBSCRIPTION", price: 2000, billing_frequency: "MONTHLY", starting_at: T0.toISOString() },
    ],
  });
  const customer = await createCustomer(ctx, { name: customerName, ingest_aliases: [customerName.toLowerCase().replace(/\W+/g, "-")] });
  return { tokens, requests, tokenProduct, requestProduct, seats, fixed, card, customer, alias: customerName.toLowerCase().replace(/\W+/g, "-") };
}
