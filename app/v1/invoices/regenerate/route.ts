import { apiRoute } from "@/lib/http/api-route";
import { regenerateInvoice } from "@/lib/services/invoices/regenerate-invoice";
import type { TInvoiceId } from "@/lib/services/invoices/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await regenerateInvoice(ctx, (await body()) as TInvoiceId) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
