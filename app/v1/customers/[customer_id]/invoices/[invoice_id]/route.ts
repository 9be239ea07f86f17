import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import { getInvoice } from "@/lib/services/invoices/get-invoice";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute<{ customer_id: string; invoice_id: string }>(async ({ ctx, request, params }) => ({
  data: invoiceToWire(await getInvoice(ctx, { ...queryParams(request), customer_id: params.customer_id, invoice_id: params.invoice_id })),
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
