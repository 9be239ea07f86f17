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

// Metronome's customer billing provider configurations (/v1/setCustomerBillingProviderConfigurations
// and its get and archive). A customer has at most one live configuration per provider: invoices
// are sent to one Stripe customer. Only direct delivery is offered (no SQS, SNS or Tackle).
export const DELIVERY_METHODS = ["direct_to_billing_provider"] as const;

/** The key of a provider's configuration that holds the customer's id there (Stripe's must be given). */
export const CUSTOMER_ID_KEYS: Partial<Record<(typeof BILLING_PROVIDER_TYPES)[number], string>> = {
  stripe: "stripe_customer_id",
  aws_marketplace: "aws_customer_id",
  netsuite: "netsuite_customer_id",
  azure_marketplace: "azure_subscription_id",
  gcp_marketplace: "gcp_customer_id",
  quickbooks_online: "quickbooks_customer_id",
  workday: "workday_customer_id",
};

const ZCustomerBillingConfiguration = z
  .object({
    customer_id: z.string(),
    billing_provider: z.enum(BILLING_PROVIDER_TYPES, { error: `Must be one of ${BILLING_PROVIDER_TYPES.join(", ")}` }),
    configuration: z.record(z.string(), z.unknown()).default({}),
    delivery_method: z.enum(DELIVERY_METHODS, { error: "Only direct_to_billing_provider is supported" }).optional(),
    delivery_method_id: z.guid("Must be a delivery method id (a UUID)").optional(),
  })
  .superRefine((c, issue) => {
    if (!c.delivery_method && !c.delivery_method_id) issue.addIssue({ code: "custom", path: ["delivery_method"], message: "Give delivery_method or delivery_method_id" });
    const key = CUSTOMER_ID_KEYS[c.billing_provider];
    const id = key ? c.configuration[key] : undefined;
    if (key && id !== undefined && (typeof id !== "string" || id.trim() === "" || id.length > 255)) issue.addIssue({ code: "custom", path: ["configuration", key], message: "Must be the customer's id in the billing provider" });
    if (c.billing_provider === "stripe" && id === undefined) issue.addIssue({ code: "custom", path: ["configuration", "stripe_customer_id"], message: "Enter the Stripe customer id" });
    const method = c.configuration.stripe_collection_method;
    if (c.billing_provider === "stripe" && method !== undefined && method !== "charge_automatically") issue.addIssue({ code: "custom", path: ["configuration", "stripe_collection_method"], message: "Only charge_automatically is supported" });
  });

export const ZSetCustomerBillingConfigurations = z.object({
  data: z.array(ZCustomerBillingConfiguration).min(1, "Give at least one configuration").max(100, "At most 100 configurations"),
});
export type TSetCustomerBillingConfigurations = z.input<typeof ZSetCustomerBillingConfigurations>;

export const ZGetCustomerBillingConfigurations = z.object({
  customer_id: z.string(),
  include_archived: z.boolean().optional(),
});
export type TGetCustomerBillingConfigurations = z.input<typeof ZGetCustomerBillingConfigurations>;

export const ZArchiveCustomerBillingConfigurations = z.object({
  customer_id: z.string(),
  customer_billing_provider_configuration_ids: z.array(z.guid("Must be a configuration id (a UUID)")).min(1, "Give at least one configuration id").max(100),
});
export type TArchiveCustomerBillingConfigurations = z.input<typeof ZArchiveCustomerBillingConfigurations>;

// POST /v1/setUpBillingProvider: an account-level set-up for a marketplace. Rateline keeps it for
// customers' configurations to name; it has no marketplace connector.
export const SET_UP_PROVIDERS = ["aws_marketplace", "azure_marketplace", "gcp_marketplace"] as const;
export const ZSetUpBillingProvider = z.object({
  billing_provider: z.enum(SET_UP_PROVIDERS, { error: `Must be one of ${SET_UP_PROVIDERS.join(", ")}` }),
  configuration: z.record(z.string(), z.unknown()),
  delivery_method: z.enum(DELIVERY_METHODS, { error: "Only direct_to_billing_provider is supported" }),
});
export type TSetUpBillingProvider = z.input<typeof ZSetUpBillingProvider>;

export const ZListConfiguredBillingProviders = z.object({ next_page: z.string().max(500).nullable().optional() });
export type TListConfiguredBillingProviders = z.input<typeof ZListConfiguredBillingProviders>;
