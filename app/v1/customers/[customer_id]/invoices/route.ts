import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import { listInvoices } from "@/lib/services/invoices/list-invoices";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, request, params }) => {
  const page = await listInvoices(ctx, { ...queryParams(request), customer_id: params.customer_id });
  return { data: page.data.map(invoiceToWire), next_page: page.next_page };
});
