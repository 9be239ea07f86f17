import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZBillingProviderRef, type TBillingProviderRef } from "./schemas";

export async function getBillingConfig(ctx: ServiceContext, input: TBillingProviderRef) {
  const ref = parseInput(ZBillingProviderRef, input);
  const customer = await readCustomer(ctx.db, ref.customer_id);
  const row = await ctx.db.billingProvider.findFirst({
    where: { customerId: customer.id, provider: ref.billing_provider_type, archivedAt: null },
    select: { provider: true, externalId: true, createdAt: true },
  });
  if (!row) throw new AppError("not_found", `The customer has no ${ref.billing_provider_type} billing configuration.`);
  return row;
}

/** Every billing provider a customer is mapped to (for the console). */
export async function listBillingConfigs(ctx: ServiceContext, customerId: string) {
  const customer = await readCustomer(ctx.db, customerId);
  return ctx.db.billingProvider.findMany({ where: { customerId: customer.id, archivedAt: null }, orderBy: { provider: "asc" }, select: { provider: true, externalId: true, createdAt: true } });
}
