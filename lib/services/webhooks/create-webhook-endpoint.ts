import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateWebhookEndpoint, type TCreateWebhookEndpoint } from "./schemas";

/**
 * Adds an endpoint with a generated signing secret, returned here for the admin to copy. It is
 * kept in clear (deliveries are signed with it) but never shown again, like an API key.
 */
export async function createWebhookEndpoint(ctx: ServiceContext, input: TCreateWebhookEndpoint) {
  authorize(ctx.actor, "settings:write");
  const data = parseInput(ZCreateWebhookEndpoint, input);
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return ctx.db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { url: data.url, description: data.description || null, eventTypes: data.event_types, secret },
      select: { id: true, url: true, description: true, eventTypes: true, createdAt: true },
    });
    await recordAudit(tx, ctx.actor, { action: "webhook_endpoint.create", objectType: "webhook_endpoint", objectId: endpoint.id, after: endpoint });
    return { ...endpoint, secret };
  });
}
