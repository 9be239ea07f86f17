import { authorize, type ServiceContext } from "@/lib/services/context";

/** Every endpoint, live first, with how its deliveries stand. Secrets are not returned. */
export async function listWebhookEndpoints(ctx: ServiceContext) {
  authorize(ctx.actor, "settings:write");
  const endpoints = await ctx.db.webhookEndpoint.findMany({
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, url: true, description: true, eventTypes: true, createdAt: true, archivedAt: true },
  });
  const counts = await ctx.db.webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } });
  return endpoints.map((e) => {
    const of = (status: string) => counts.find((c) => c.endpointId === e.id && c.status === status)?._count._all ?? 0;
    return { ...e, delivered: of("delivered"), pending: of("pending"), failed: of("failed") };
  });
}

export type WebhookEndpointSummary = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];
