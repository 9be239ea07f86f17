import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { ZSetUpBillingProvider, type TSetUpBillingProvider } from "@/lib/services/billing-providers/schemas";
import { parseInput } from "@/lib/services/parse-input";

/** Stores an account-level billing provider set-up; customers' configurations name it by its id. */
export async function setUpBillingProvider(ctx: ServiceContext, input: TSetUpBillingProvider) {
  authorize(ctx.actor, "settings:write");
  const data = parseInput(ZSetUpBillingProvider, input);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.deliveryMethod.create({
      data: { provider: data.billing_provider, deliveryMethod: data.delivery_method, configuration: data.configuration as object },
      select: { id: true, provider: true, deliveryMethod: true },
    });
    // The configuration may hold credentials (an IAM role, a secret): the audit names the set-up only.
    await recordAudit(tx, ctx.actor, { action: "settings.billing_provider.set_up", objectType: "delivery_method", objectId: row.id, after: { billing_provider: row.provider, delivery_method: row.deliveryMethod } });
    return row;
  });
}
