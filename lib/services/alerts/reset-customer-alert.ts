import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCoveringAlert } from "./get-customer-alert";
import { queueEvaluation } from "./queue-evaluation";
import { ZCustomerAlertId, type TCustomerAlertId } from "./schemas";

/**
 * POST /v1/customer-alerts/reset: forgets the customer's state for the alert and has the job
 * evaluate it from scratch, so an alert still past its threshold notifies again.
 */
export async function resetCustomerAlert(ctx: ServiceContext, input: TCustomerAlertId, now = new Date()): Promise<void> {
  authorize(ctx.actor, "customers:write");
  const { alert_id, customer_id } = parseInput(ZCustomerAlertId, input);
  await ctx.db.$transaction(async (tx) => {
    const alert = await readCoveringAlert(tx, alert_id, customer_id);
    if (alert.archivedAt) throw new AppError("conflict", "The alert is archived; it is no longer evaluated.");
    const before = await tx.customerAlertState.findUnique({ where: { customerId_alertId: { customerId: customer_id, alertId: alert_id } }, select: { status: true } });
    await queueEvaluation(tx, alert_id, customer_id, now);
    await recordAudit(tx, ctx.actor, {
      action: "alert.reset",
      objectType: "alert",
      objectId: alert_id,
      customerId: customer_id,
      before: { status: before?.status ?? null },
      after: { status: "evaluating" },
    });
  });
}
