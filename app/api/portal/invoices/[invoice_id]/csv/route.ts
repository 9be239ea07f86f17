import { portalRoute } from "@/lib/http/portal-route";
import { getPortalInvoice, portalInvoiceCsv, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute<{ invoice_id: string }>(async ({ db, grant, params }) => {
  const invoice = await getPortalInvoice(db, grant.customerId, params.invoice_id, portalInvoiceOptions(grant.options), new Date());
  const name = `invoice-${invoice.startingOn.slice(0, 10)}-${invoice.id.slice(0, 8)}.csv`;
  return new Response(portalInvoiceCsv(invoice), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` },
  });
});
