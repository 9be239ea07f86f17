"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { archiveWebhookEndpoint } from "@/lib/services/webhooks/archive-webhook-endpoint";
import { createWebhookEndpoint } from "@/lib/services/webhooks/create-webhook-endpoint";
import { resendWebhookDelivery } from "@/lib/services/webhooks/resend-webhook-delivery";

/** The form's event type checkboxes are named "event_type:<type>". */
const EVENT_PREFIX = "event_type:";

export const createWebhookEndpointAction = serverAction(async (ctx, input) => {
  const event_types = Object.keys(input).filter((k) => k.startsWith(EVENT_PREFIX)).map((k) => k.slice(EVENT_PREFIX.length));
  const endpoint = await createWebhookEndpoint(ctx, { url: input.url ?? "", description: input.description, event_types });
  revalidatePath("/settings/webhooks");
  return endpoint;
});

export const archiveWebhookEndpointAction = serverAction(
  async (ctx, input) => {
    const endpoint = await archiveWebhookEndpoint(ctx, { id: input.id ?? "" });
    revalidatePath("/settings/webhooks");
    return endpoint;
  },
  (endpoint) => `Archived ${endpoint.url}.`,
);

export const resendWebhookDeliveryAction = serverAction(
  async (ctx, input) => {
    const delivery = await resendWebhookDelivery(ctx, { id: input.id ?? "" });
    revalidatePath(`/settings/webhooks/${input.endpoint_id ?? ""}`);
    return delivery;
  },
  () => "Queued: it is sent within seconds.",
);
