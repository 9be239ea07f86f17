import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCustomer, type CustomerRecord } from "./customer-record";
import { ZSetCustomerName, type TSetCustomerName } from "./schemas";

export async function setCustomerName(ctx: ServiceContext, customerId: string, input: TSetCustomerName): Promise<CustomerRecord> {
  authorize(ctx.actor, "customers:write");
  const { name } = parseInput(ZSetCustomerName, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readCustomer(tx, customerId);
    if (before.name === name) return before;
    await tx.customer.update({ where: { id: before.id }, data: { name } });
    const after = await readCustomer(tx, before.id);
    await recordAudit(tx, ctx.actor, {
      action: "customer.set_name",
      objectType: "customer",
      objectId: before.id,
      customerId: before.id,
      before: { name: before.name },
      after: { name: after.name },
    });
    return after;
  });
}
