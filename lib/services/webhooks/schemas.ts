import { z } from "zod";
import { SUBSCRIBABLE } from "@/lib/webhooks/event-types";

export const ZCreateWebhookEndpoint = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" })
    .max(2048),
  description: z.string().trim().max(200).optional(),
  event_types: z
    .array(z.string().refine((t) => SUBSCRIBABLE.includes(t), { error: (issue) => `Unknown event type ${String(issue.input)}` }))
    .min(1, "Choose at least one event type")
    .transform((types) => [...new Set(types)]),
});
export type TCreateWebhookEndpoint = z.input<typeof ZCreateWebhookEndpoint>;

export const ZWebhookEndpointId = z.object({ id: z.uuid() });
export type TWebhookEndpointId = z.input<typeof ZWebhookEndpointId>;

export const ZListWebhookDeliveries = z.object({
  endpoint_id: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListWebhookDeliveries = z.input<typeof ZListWebhookDeliveries>;

export const ZResendWebhookDelivery = z.object({ id: z.uuid() });
export type TResendWebhookDelivery = z.input<typeof ZResendWebhookDelivery>;
