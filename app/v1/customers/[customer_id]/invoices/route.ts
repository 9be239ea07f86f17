import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import { listInvoices } from "@/lib/services/invoices/list-invoices";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, request, params }) => {
  const page = await listInvoices(ctx, { ...queryParams(request), customer_id: params.customer_id });
  return { data: page.data.map(invoiceToWire), next_page: page.next_page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
