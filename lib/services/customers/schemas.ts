import { z } from "zod";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZCustomFields, ZFlag, ZId } from "@/lib/services/zod-fields";

// Inputs are Metronome's request bodies and query strings (snake_case, so a 400 names the field
// the caller sent); where a service needs another shape, the schema's output is that shape.

/** Matched exactly against an event's customer_id, so it is kept as sent, but never blank. */
const ZIngestAlias = z
  .string()
  .max(256, "An ingest alias is at most 256 characters")
  .refine((alias) => alias.trim() !== "", "An ingest alias cannot be blank");

const ZIngestAliases = z
  .array(ZIngestAlias)
  .max(100, "At most 100 ingest aliases")
  .transform((aliases) => [...new Set(aliases)]);

// Metronome truncates long names rather than refusing them.
const ZCustomerName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .transform((name) => name.slice(0, 160));

const ZBillingConfig = z.object({
  billing_provider_type: z.string(),
  billing_provider_customer_id: z.string().trim().min(1, "Enter the billing provider's customer id").max(256),
});

const ZBillingProviderConfiguration = z.object({
  billing_provider: z.string(),
  delivery_method: z.literal("direct_to_billing_provider").optional(),
  configuration: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Billing configuration is accepted in both of Metronome's forms; Rateline keeps only a Stripe
 * customer id (invoices are not sent to billing providers yet).
 */
function stripeCustomerId(input: {
  billing_config?: z.infer<typeof ZBillingConfig>;
  customer_billing_provider_configurations?: z.infer<typeof ZBillingProviderConfiguration>[];
}): string | undefined {
  if (input.billing_config?.billing_provider_type === "stripe") return input.billing_config.billing_provider_customer_id;
  for (const provider of input.customer_billing_provider_configurations ?? []) {
    const id = provider.configuration?.stripe_customer_id;
    if (provider.billing_provider === "stripe" && typeof id === "string" && id.trim() !== "") return id.trim();
  }
  return undefined;
}

export const ZCreateCustomer = z
  .object({
    name: ZCustomerName,
    ingest_aliases: ZIngestAliases.optional(),
    // Deprecated by Metronome in favour of ingest_aliases, and an ingest alias all the same.
    external_id: ZIngestAlias.optional(),
    custom_fields: ZCustomFields.optional(),
    billing_config: ZBillingConfig.optional(),
    customer_billing_provider_configurations: z.array(ZBillingProviderConfiguration).max(20).optional(),
  })
  .transform((input) => ({
    name: input.name,
    externalId: input.external_id ?? null,
    aliases: [...new Set([...(input.external_id ? [input.external_id] : []), ...(input.ingest_aliases ?? [])])],
    customFields: input.custom_fields ?? {},
    stripeCustomerId: stripeCustomerId(input),
  }));
export type TCreateCustomer = z.input<typeof ZCreateCustomer>;

export const ZListCustomers = ZPageParams.extend({
  customer_ids: z.array(ZId).max(100, "At most 100 customer ids").optional(),
  ingest_alias: z.string().max(256).optional(),
  only_archived: ZFlag.optional(),
  // Customers whose customer_config names one of these (set through updateConfig).
  salesforce_account_ids: z.array(z.string()).max(100).optional(),
  // The console's search box: part of a name or alias, or a whole customer id.
  search: z.string().trim().max(200).optional(),
  // charges and remaining: this period's charges and the commits and credits left, in the fiat
  // credit type, as the billing-state job last stored them.
  sort: z.enum(["created_at", "name", "charges", "remaining"]).default("created_at"),
  order: ZSortOrder.default("asc"),
});
export type TListCustomers = z.input<typeof ZListCustomers>;

export const ZArchiveCustomer = z.object({ id: ZId });
export type TArchiveCustomer = z.input<typeof ZArchiveCustomer>;

export const ZSetIngestAliases = z.object({ ingest_aliases: ZIngestAliases });
export type TSetIngestAliases = z.input<typeof ZSetIngestAliases>;

export const ZSetCustomerName = z.object({ name: ZCustomerName });
export type TSetCustomerName = z.input<typeof ZSetCustomerName>;

export const ZListCustomerBillableMetrics = ZPageParams.extend({
  include_archived: ZFlag.optional(),
  on_current_plan: ZFlag.optional(),
});
export type TListCustomerBillableMetrics = z.input<typeof ZListCustomerBillableMetrics>;

/** POST /v1/customers/{id}/updateConfig: a null clears the Salesforce account id, an absent field keeps it. */
export const ZUpdateCustomerConfig = z.object({
  salesforce_account_id: z.string().trim().min(1, "Enter a Salesforce account id, or null to clear it").max(255).nullable().optional(),
});
export type TUpdateCustomerConfig = z.input<typeof ZUpdateCustomerConfig>;
