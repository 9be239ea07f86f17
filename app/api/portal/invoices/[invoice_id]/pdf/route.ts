import { pdfResponse } from "@/lib/http/pdf-response";
import { portalRoute } from "@/lib/http/portal-route";
import { getPortalInvoicePdf, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute<{ invoice_id: string }>(async ({ db, grant, params }) =>
  pdfResponse(await getPortalInvoicePdf(db, grant.customerId, params.invoice_id, portalInvoiceOptions(grant.options), new Date())),
);
