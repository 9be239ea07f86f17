import { apiRoute } from "@/lib/http/api-route";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import { previewEvents } from "@/lib/services/invoices/preview-events";
import type { TPreviewEvents } from "@/lib/services/invoices/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute<{ customer_id: string }>(async ({ ctx, params, body }) => ({
  data: (await previewEvents(ctx, params.customer_id, (await body()) as TPreviewEvents, new Date())).map(invoiceToWire),
}));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
