import { AppError } from "@/lib/errors";
import { recordAudits } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZArchiveCustomerBillingConfigurations, type TArchiveCustomerBillingConfigurations } from "./schemas";

/**
 * Archives configurations of one customer, all or none: from then on its invoices are not sent
 * through them (invoice syncs already queued give up), and the customer may be given new ones.
 */
export async function archiveCustomerBillingConfigurations(ctx: ServiceContext, input: TArchiveCustomerBillingConfigurations, now = new Date()) {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZArchiveCustomerBillingConfigurations, input);
  const ids = [...new Set(data.customer_billing_provider_configuration_ids)];
  return ctx.db.$transaction(async (tx) => {
    const customer = await readCustomer(tx, data.customer_id);
    const rows = await tx.billingProvider.findMany({ where: { id: { in: ids }, customerId: customer.id }, select: { id: true, provider: true, archivedAt: true } });
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new AppError("not_found", `The customer has no billing provider configuration ${missing.join(", ")}.`);
    const archived = rows.filter((r) => r.archivedAt);
    if (archived.length) throw new AppError("conflict", `Billing provider configuration ${archived.map((r) => r.id).join(", ")} is already archived.`);
    await tx.billingProvider.updateMany({ where: { id: { in: ids } }, data: { archivedAt: now } });
    await recordAudits(
      tx,
      ctx.actor,
      rows.map((r) => ({
        action: "customer.billing_config.archive",
        objectType: "customer",
        objectId: customer.id,
        customerId: customer.id,
        before: { id: r.id, billing_provider: r.provider, archived_at: null },
        after: { id: r.id, billing_provider: r.provider, archived_at: now.toISOString() },
      })),
    );
    return { customerId: customer.id, ids };
  });
}
