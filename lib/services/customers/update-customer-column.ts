import { recordAudit } from "@/lib/services/audit/record-audit";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer, type CustomerRecord } from "./customer-record";

type Column = "name" | "salesforceAccountId";

/**
 * Sets one of the customer's own columns and audits it under the API's name for it (`wireName`);
 * setting what is already there changes nothing and records nothing. The caller authorizes and
 * parses.
 */
export async function updateCustomerColumn<C extends Column>(ctx: ServiceContext, customerId: string, action: string, column: C, wireName: string, value: CustomerRecord[C]): Promise<CustomerRecord> {
  return ctx.db.$transaction(async (tx) => {
    const before = await readCustomer(tx, customerId);
    if (before[column] === value) return before;
    await tx.customer.update({ where: { id: before.id }, data: { [column]: value } });
    const after = await readCustomer(tx, before.id);
    await recordAudit(tx, ctx.actor, { action, objectType: "customer", objectId: before.id, customerId: before.id, before: { [wireName]: before[column] }, after: { [wireName]: after[column] } });
    return after;
  });
}
