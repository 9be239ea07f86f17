import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZSetBillingConfig, type TSetBillingConfig } from "./schemas";

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
    const before = await tx.billingProvider.findUnique({ where, select: { externalId: true } });
    if (before?.externalId === data.billing_provider_customer_id) return { customerId: customer.id, provider: data.billing_provider_type, externalId: before.externalId };
    const after = await tx.billingProvider.upsert({
      where,
      create: { customerId: customer.id, provider: data.billing_provider_type, externalId: data.billing_provider_customer_id },
      update: { externalId: data.billing_provider_customer_id },
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
