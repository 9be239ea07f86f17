import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { CONFIGURATION_SELECT, type CustomerBillingConfiguration } from "./customer-billing-configurations";
import { ZGetCustomerBillingConfigurations, type TGetCustomerBillingConfigurations } from "./schemas";

/** A customer's billing provider configurations, live ones only unless include_archived. */
export async function getCustomerBillingConfigurations(ctx: ServiceContext, input: TGetCustomerBillingConfigurations): Promise<CustomerBillingConfiguration[]> {
  const data = parseInput(ZGetCustomerBillingConfigurations, input);
  const customer = await readCustomer(ctx.db, data.customer_id);
  return ctx.db.billingProvider.findMany({
    where: { customerId: customer.id, ...(data.include_archived ? {} : { archivedAt: null }) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: CONFIGURATION_SELECT,
  });
}
