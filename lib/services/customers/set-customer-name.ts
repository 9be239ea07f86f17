import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import type { CustomerRecord } from "./customer-record";
import { ZSetCustomerName, type TSetCustomerName } from "./schemas";
import { updateCustomerColumn } from "./update-customer-column";

export async function setCustomerName(ctx: ServiceContext, customerId: string, input: TSetCustomerName): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const { name } = parseInput(ZSetCustomerName, input);
  return updateCustomerColumn(ctx, customerId, "customer.set_name", "name", "name", name);
}
