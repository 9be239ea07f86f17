import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZListWebhookDeliveries, type TListWebhookDeliveries } from "./schemas";

/** An endpoint's delivery log, newest first, each delivery with its attempts. */
export async function listWebhookDeliveries(ctx: ServiceContext, input: TListWebhookDeliveries) {
  authorize(ctx.actor, "settings:write");
  const { endpoint_id, limit } = parseInput(ZListWebhookDeliveries, input);
  const endpoint = await ctx.db.webhookEndpoint.findUnique({ where: { id: endpoint_id }, select: { id: true, url: true, description: true, eventTypes: true, archivedAt: true } });
  if (!endpoint) throw new AppError("not_found", "No webhook endpoint has that id.");
  const deliveries = await ctx.db.webhookDelivery.findMany({
    where: { endpointId: endpoint_id },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      nextAttemptAt: true,
      deliveredAt: true,
      createdAt: true,
      event: { select: { id: true, type: true } },
      log: { orderBy: { attemptedAt: "desc" }, take: 10, select: { id: true, attemptedAt: true, status: true, error: true, durationMs: true } },
    },
  });
  return { endpoint, deliveries };
}

export type WebhookDeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>["deliveries"][number];
