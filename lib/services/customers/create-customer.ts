import { lockCatalogExclusive } from "@/lib/metering/catalog";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { claimAliases } from "./claim-aliases";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZCreateCustomer, type TCreateCustomer } from "./schemas";

/** Creates a customer; events already sent under its aliases become its usage at once. */
export async function createCustomer(ctx: ServiceContext, input: TCreateCustomer): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const { name, externalId, aliases, customFields, stripeCustomerId } = parseInput(ZCreateCustomer, input);
  return ctx.db.$transaction(async (tx) => {
    await lockCatalogExclusive(tx);
    await claimCustomFieldValues(tx, "customer", null, customFields);
    const { id } = await tx.customer.create({ data: { name, customFields }, select: { id: true } });
    const attributedEvents = await claimAliases(tx, id, aliases);
    // Set after the aliases are checked, so a clash is the 409 above rather than the column's unique index.
    if (externalId) await tx.customer.update({ where: { id }, data: { externalId } });
    if (stripeCustomerId) await tx.billingProvider.create({ data: { customerId: id, provider: "stripe", externalId: stripeCustomerId, configuration: { stripe_customer_id: stripeCustomerId } } });
    const customer = await readCustomer(tx, id);
    await recordAudit(tx, ctx.actor, {
      action: "customer.create",
      objectType: "customer",
      objectId: id,
      customerId: id,
      after: { ...customer, stripeCustomerId, attributedEvents },
    });
    return customer;
  });
}
