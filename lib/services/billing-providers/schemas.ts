import { z } from "zod";

// POST/GET/DELETE /v1/customers/{customer_id}/billing-config/{billing_provider_type}, as in
// Metronome. Rateline keeps the mapping for every provider type Metronome names; only Stripe has
// a connector (lib/payments).

export const BILLING_PROVIDER_TYPES = ["aws_marketplace", "stripe", "netsuite", "custom", "azure_marketplace", "quickbooks_online", "workday", "gcp_marketplace", "metronome"] as const;

export const ZBillingProviderRef = z.object({
  customer_id: z.string(),
  billing_provider_type: z.enum(BILLING_PROVIDER_TYPES, { error: `Must be one of ${BILLING_PROVIDER_TYPES.join(", ")}` }),
});
export type TBillingProviderRef = z.input<typeof ZBillingProviderRef>;

export const ZSetBillingConfig = ZBillingProviderRef.extend({
  billing_provider_customer_id: z.string().trim().min(1, "Enter the customer's id in the billing provider").max(255),
  // Stripe invoices are sent to be charged automatically; the other methods are not offered yet.
  stripe_collection_method: z.literal("charge_automatically", { error: "Only charge_automatically is supported" }).optional(),
});
export type TSetBillingConfig = z.input<typeof ZSetBillingConfig>;
