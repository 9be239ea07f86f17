import { consoleRoute } from "@/lib/http/console-route";
import { pdfResponse } from "@/lib/http/pdf-response";
import { getInvoicePdf } from "@/lib/services/invoices/invoice-pdf";

type Params = { customerId: string; invoiceId: string };

/** GET: the invoice as a PDF download (anyone who can read it). */
export const GET = (request: Request, { params }: { params: Promise<Params> }) =>
  consoleRoute(async ({ ctx }) => {
    const { customerId, invoiceId } = await params;
    return pdfResponse(await getInvoicePdf(ctx, { customer_id: customerId, invoice_id: invoiceId }));
  })(request as never);
