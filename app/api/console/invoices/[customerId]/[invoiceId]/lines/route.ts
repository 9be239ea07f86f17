import { consoleRoute } from "@/lib/http/console-route";
import { exportInvoiceLines } from "@/lib/services/invoices/export-invoice-lines";

type Params = { customerId: string; invoiceId: string };

/** GET: the invoice's lines as a CSV download (finance and admin). */
export const GET = (request: Request, { params }: { params: Promise<Params> }) =>
  consoleRoute(async ({ ctx }) => {
    const { customerId, invoiceId } = await params;
    const { filename, csv } = await exportInvoiceLines(ctx, { customer_id: customerId, invoice_id: invoiceId });
    return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` } });
  })(request as never);
