import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZUpdateCustomerConfig, type TUpdateCustomerConfig } from "./schemas";

/** Metronome's customer_config: the customer's Salesforce account id (listCustomers filters on it). */
export async function updateCustomerConfig(ctx: ServiceContext, customerId: string, input: TUpdateCustomerConfig): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZUpdateCustomerConfig, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readCustomer(tx, customerId);
    if (data.salesforce_account_id === undefined || data.salesforce_account_id === before.salesforceAccountId) return before;
    await tx.customer.update({ where: { id: before.id }, data: { salesforceAccountId: data.salesforce_account_id } });
    const after = await readCustomer(tx, before.id);
    await recordAudit(tx, ctx.actor, {
      action: "customer.update_config",
      objectType: "customer",
      objectId: before.id,
      customerId: before.id,
      before: { salesforce_account_id: before.salesforceAccountId },
      after: { salesforce_account_id: after.salesforceAccountId },
    });
    return after;
  });
}
