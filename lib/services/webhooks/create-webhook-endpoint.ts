import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { webhookUrlRefusal } from "@/lib/webhooks/outbound";
import { sealSecret } from "@/lib/webhooks/secret-box";
import { webhookSecurity, type WebhookSecurity } from "@/lib/webhooks/webhook-security";
import { ZCreateWebhookEndpoint, type TCreateWebhookEndpoint } from "./schemas";

/**
 * Adds an endpoint with a generated signing secret, returned here for the admin to copy and never
 * shown again, like an API key. It is stored sealed (deliveries are signed with it, so it must be
 * readable; see secret-box.ts). A URL on an internal address is refused here, and again each time
 * a delivery connects (outbound.ts).
 */
export async function createWebhookEndpoint(ctx: ServiceContext, input: TCreateWebhookEndpoint, security: WebhookSecurity = webhookSecurity()) {
  authorize(ctx.actor, "settings:write");
  const data = parseInput(ZCreateWebhookEndpoint, input);
  const refused = await webhookUrlRefusal(new URL(data.url), security.policy);
  if (refused) {
    const message = `${refused} Webhooks go to public addresses only (RATELINE_WEBHOOK_ALLOW_HOSTS names exceptions).`;
    throw new AppError("bad_request", `Invalid request: url: ${message}`, { url: message });
  }
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return ctx.db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { url: data.url, description: data.description || null, eventTypes: data.event_types, secret: sealSecret(secret, security.secretKey) },
      select: { id: true, url: true, description: true, eventTypes: true, createdAt: true },
    });
    await recordAudit(tx, ctx.actor, { action: "webhook_endpoint.create", objectType: "webhook_endpoint", objectId: endpoint.id, after: endpoint });
    return { ...endpoint, secret };
  });
}
