import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZUpdateCustomerConfig, type TUpdateCustomerConfig } from "./schemas";
import { updateCustomerColumn } from "./update-customer-column";

/** Metronome's customer_config: the customer's Salesforce account id (listCustomers filters on it). */
export async function updateCustomerConfig(ctx: ServiceContext, customerId: string, input: TUpdateCustomerConfig): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZUpdateCustomerConfig, input);
  if (data.salesforce_account_id === undefined) return readCustomer(ctx.db, customerId);
  return updateCustomerColumn(ctx, customerId, "customer.update_config", "salesforceAccountId", "salesforce_account_id", data.salesforce_account_id);
}
