import { portalRoute } from "@/lib/http/portal-route";
import { getPortalInvoice } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute<{ invoice_id: string }>(async ({ db, grant, params }) => ({
  invoice: await getPortalInvoice(db, grant.customerId, params.invoice_id, new Date()),
}));
