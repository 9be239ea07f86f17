import { apiRoute } from "@/lib/http/api-route";
import { pdfResponse } from "@/lib/http/pdf-response";
import { getInvoicePdf } from "@/lib/services/invoices/invoice-pdf";
import { otherMethods } from "@/lib/http/api-methods";

// The SDK's retrievePdf takes only the path; any query key is refused before this runs.
export const GET = apiRoute<{ customer_id: string; invoice_id: string }>(async ({ ctx, params }) =>
  pdfResponse(await getInvoicePdf(ctx, { customer_id: params.customer_id, invoice_id: params.invoice_id })),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
