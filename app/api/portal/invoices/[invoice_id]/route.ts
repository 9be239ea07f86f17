import { portalRoute } from "@/lib/http/portal-route";
import { getPortalInvoice, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute<{ invoice_id: string }>(async ({ db, grant, params }) => ({
  invoice: await getPortalInvoice(db, grant.customerId, params.invoice_id, portalInvoiceOptions(grant.options), new Date()),
}));
