import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { recordAudits, type AuditChange } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { CONFIGURATION_SELECT, type CustomerBillingConfiguration } from "./customer-billing-configurations";
import { builtInDeliveryMethods } from "./delivery-methods";
import { CUSTOMER_ID_KEYS, ZSetCustomerBillingConfigurations, type TSetCustomerBillingConfigurations } from "./schemas";

/**
 * Creates customers' billing provider configurations, all or none. A customer has one live
 * configuration per provider (the connector sends to one account), so a second is a conflict
 * until the first is archived; an archived one is replaced, under a new id.
 */
export async function setCustomerBillingConfigurations(ctx: ServiceContext, input: TSetCustomerBillingConfigurations): Promise<CustomerBillingConfiguration[]> {
  authorize(ctx.actor, "customers:write");
  const { data } = parseInput(ZSetCustomerBillingConfigurations, input);
  const pairs = data.map((c) => `${c.customer_id}/${c.billing_provider}`);
  const repeated = pairs.findIndex((p, i) => pairs.indexOf(p) !== i);
  if (repeated >= 0) throw new AppError("bad_request", "A customer can have one configuration per billing provider.", { [`data.${repeated}.billing_provider`]: "Repeats an earlier configuration's customer and provider" });
  return ctx.db.$transaction(async (tx) => {
    const builtIn = builtInDeliveryMethods();
    const created: CustomerBillingConfiguration[] = [];
    const audits: AuditChange[] = [];
    for (const [i, c] of data.entries()) {
      const customer = await readCustomer(tx, c.customer_id);
      if (customer.archivedAt) throw new AppError("conflict", "The customer is archived.");
      let deliveryMethod: string = c.delivery_method ?? "direct_to_billing_provider";
      let deliveryMethodId: string | null = null;
      if (c.delivery_method_id) {
        const stored = await tx.deliveryMethod.findUnique({ where: { id: c.delivery_method_id }, select: { id: true, provider: true, deliveryMethod: true } });
        const method = stored ?? builtIn.find((m) => m.id === c.delivery_method_id);
        if (!method || method.provider !== c.billing_provider) {
          throw new AppError("bad_request", `\`data.${i}.delivery_method_id\` is not a delivery method of ${c.billing_provider}.`, { [`data.${i}.delivery_method_id`]: "Not a delivery method of this billing provider" });
        }
        if (c.delivery_method && c.delivery_method !== method.deliveryMethod) {
          throw new AppError("bad_request", "delivery_method does not match the delivery method's.", { [`data.${i}.delivery_method`]: `The delivery method is ${method.deliveryMethod}` });
        }
        deliveryMethod = method.deliveryMethod;
        deliveryMethodId = stored ? stored.id : null;
      }
      const key = CUSTOMER_ID_KEYS[c.billing_provider];
      const externalId = key && typeof c.configuration[key] === "string" ? (c.configuration[key] as string).trim() : "";
      const where = { customerId_provider: { customerId: customer.id, provider: c.billing_provider } };
      const existing = await tx.billingProvider.findUnique({ where, select: CONFIGURATION_SELECT });
      if (existing && !existing.archivedAt) throw new AppError("conflict", `The customer already has a ${c.billing_provider} configuration (${existing.id}); archive it first.`);
      const fields = { externalId, configuration: c.configuration as object, deliveryMethod, deliveryMethodId, archivedAt: null };
      const row = existing
        ? await tx.billingProvider.update({ where, data: { ...fields, id: randomUUID(), createdAt: new Date() }, select: CONFIGURATION_SELECT })
        : await tx.billingProvider.create({ data: { ...fields, customerId: customer.id, provider: c.billing_provider }, select: CONFIGURATION_SELECT });
      created.push(row);
      audits.push({
        action: "customer.billing_config.set",
        objectType: "customer",
        objectId: customer.id,
        customerId: customer.id,
        before: existing ? { id: existing.id, billing_provider: existing.provider, configuration: existing.configuration, archived_at: existing.archivedAt?.toISOString() } : undefined,
        after: { id: row.id, billing_provider: row.provider, configuration: row.configuration, delivery_method: row.deliveryMethod },
      });
    }
    await recordAudits(tx, ctx.actor, audits);
    return created;
  });
}
