import { apiRoute } from "@/lib/http/api-route";
import type { TInvoiceId } from "@/lib/services/invoices/schemas";
import { voidInvoice } from "@/lib/services/invoices/void-invoice";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await voidInvoice(ctx, (await body()) as TInvoiceId) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
