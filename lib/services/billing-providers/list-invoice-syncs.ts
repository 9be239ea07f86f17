import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";

/** A customer's latest invoice syncs to payment providers, newest first (for the console). */
export async function listInvoiceSyncs(ctx: ServiceContext, customerId: string, limit = 10) {
  const customer = await readCustomer(ctx.db, customerId);
  return ctx.db.invoiceSync.findMany({
    where: { invoice: { customerId: customer.id } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true, invoiceId: true, provider: true, status: true, attempts: true, externalId: true, lastError: true, nextAttemptAt: true, syncedAt: true },
  });
}
