import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZBillingProviderRef, type TBillingProviderRef } from "./schemas";

/** Removes a mapping: invoices finalized from then on stay in Rateline; syncs already queued give up. */
export async function deleteBillingConfig(ctx: ServiceContext, input: TBillingProviderRef) {
  authorize(ctx.actor, "customers:write");
  const ref = parseInput(ZBillingProviderRef, input);
  return ctx.db.$transaction(async (tx) => {
    const customer = await readCustomer(tx, ref.customer_id);
    const where = { customerId_provider: { customerId: customer.id, provider: ref.billing_provider_type } };
    const row = await tx.billingProvider.findUnique({ where, select: { externalId: true, archivedAt: true } });
    if (!row || row.archivedAt) throw new AppError("not_found", `The customer has no ${ref.billing_provider_type} billing configuration.`);
    await tx.billingProvider.delete({ where });
    await recordAudit(tx, ctx.actor, {
      action: "customer.billing_config.delete",
      objectType: "customer",
      objectId: customer.id,
      customerId: customer.id,
      before: { [ref.billing_provider_type]: row.externalId },
    });
    return { customerId: customer.id, provider: ref.billing_provider_type };
  });
}
