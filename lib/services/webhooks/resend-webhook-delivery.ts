import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZResendWebhookDelivery, type TResendWebhookDelivery } from "./schemas";

/**
 * Sends a delivery again, whatever became of it: it is due at once with a fresh retry budget
 * (the dispatcher picks it up on its next tick). Its attempt log is kept.
 */
export async function resendWebhookDelivery(ctx: ServiceContext, input: TResendWebhookDelivery, now = new Date()) {
  authorize(ctx.actor, "settings:write");
  const { id } = parseInput(ZResendWebhookDelivery, input);
  return ctx.db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findUnique({ where: { id }, select: { id: true, status: true, attempts: true, endpoint: { select: { archivedAt: true } } } });
    if (!delivery) throw new AppError("not_found", "No webhook delivery has that id.");
    if (delivery.endpoint.archivedAt) throw new AppError("conflict", "The endpoint is archived; nothing is sent to it any more.");
    const reset = await tx.webhookDelivery.update({
      where: { id },
      data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
      select: { id: true, status: true, attempts: true, nextAttemptAt: true },
    });
    await recordAudit(tx, ctx.actor, { action: "webhook_delivery.resend", objectType: "webhook_delivery", objectId: id, before: { status: delivery.status, attempts: delivery.attempts }, after: reset });
    return reset;
  });
}
