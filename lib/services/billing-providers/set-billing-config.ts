import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { CUSTOMER_ID_KEYS, ZSetBillingConfig, type TSetBillingConfig } from "./schemas";

/** The configuration object getCustomerBillingProviderConfigurations shows for this mapping. */
function providerConfiguration(data: { billing_provider_type: keyof typeof CUSTOMER_ID_KEYS; billing_provider_customer_id: string; stripe_collection_method?: string }) {
  const key = CUSTOMER_ID_KEYS[data.billing_provider_type] ?? "billing_provider_customer_id";
  return { [key]: data.billing_provider_customer_id, ...(data.stripe_collection_method ? { stripe_collection_method: data.stripe_collection_method } : {}) };
}

/**
 * Maps a customer to its account in a billing provider (e.g. a Stripe customer "cus_…"), replacing
 * any earlier mapping to that provider. Invoices finalized from then on are sent there.
 */
export async function setBillingConfig(ctx: ServiceContext, input: TSetBillingConfig) {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZSetBillingConfig, input);
  return ctx.db.$transaction(async (tx) => {
    const customer = await readCustomer(tx, data.customer_id);
    if (customer.archivedAt) throw new AppError("conflict", "The customer is archived.");
    const where = { customerId_provider: { customerId: customer.id, provider: data.billing_provider_type } };
    const found = await tx.billingProvider.findUnique({ where, select: { externalId: true, archivedAt: true } });
    // An archived configuration is replaced, as if there were none.
    const before = found?.archivedAt ? null : found;
    if (before?.externalId === data.billing_provider_customer_id) return { customerId: customer.id, provider: data.billing_provider_type, externalId: before.externalId };
    const after = await tx.billingProvider.upsert({
      where,
      create: { customerId: customer.id, provider: data.billing_provider_type, externalId: data.billing_provider_customer_id, configuration: providerConfiguration(data) },
      update: { externalId: data.billing_provider_customer_id, configuration: providerConfiguration(data), deliveryMethod: "direct_to_billing_provider", deliveryMethodId: null, archivedAt: null },
      select: { customerId: true, provider: true, externalId: true },
    });
    await recordAudit(tx, ctx.actor, {
      action: "customer.billing_config.set",
      objectType: "customer",
      objectId: customer.id,
      customerId: customer.id,
      before: before ? { [data.billing_provider_type]: before.externalId } : undefined,
      after: { [data.billing_provider_type]: after.externalId },
    });
    return after;
  });
}
