import { apiRoute } from "@/lib/http/api-route";
import { regenerateInvoice } from "@/lib/services/invoices/regenerate-invoice";
import type { TInvoiceId } from "@/lib/services/invoices/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await regenerateInvoice(ctx, (await body()) as TInvoiceId) }));
