import type { ServiceContext } from "@/lib/services/context";
import { readCustomer, type CustomerRecord } from "./customer-record";

/** A customer, archived or not. */
export function getCustomer(ctx: ServiceContext, customerId: string): Promise<CustomerRecord> {
  return readCustomer(ctx.db, customerId);
}
