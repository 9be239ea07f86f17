import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { invoiceBreakdownToWire } from "@/lib/http/wire/invoices";
import { listInvoiceBreakdowns } from "@/lib/services/invoices/list-invoice-breakdowns";
import type { TListInvoiceBreakdowns } from "@/lib/services/invoices/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// A static segment: the App Router matches it before the sibling [invoice_id].
export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, request, params }) => {
  const page = await listInvoiceBreakdowns(ctx, { ...queryParams(request), customer_id: params.customer_id } as TListInvoiceBreakdowns);
  return { data: page.data.map(invoiceBreakdownToWire), next_page: page.next_page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
