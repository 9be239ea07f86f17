import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZWebhookEndpointId, type TWebhookEndpointId } from "./schemas";

/** Stops deliveries to an endpoint: no new ones are made, and pending ones end as failed. */
export async function archiveWebhookEndpoint(ctx: ServiceContext, input: TWebhookEndpointId, now = new Date()) {
  authorize(ctx.actor, "settings:write");
  const { id } = parseInput(ZWebhookEndpointId, input);
  return ctx.db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true, url: true, archivedAt: true } });
    if (!endpoint) throw new AppError("not_found", "No webhook endpoint has that id.");
    if (endpoint.archivedAt) return endpoint;
    const archived = await tx.webhookEndpoint.update({ where: { id }, data: { archivedAt: now }, select: { id: true, url: true, archivedAt: true } });
    await recordAudit(tx, ctx.actor, { action: "webhook_endpoint.archive", objectType: "webhook_endpoint", objectId: id, before: endpoint, after: archived });
    return archived;
  });
}
