import { portalRoute } from "@/lib/http/portal-route";
import { listPortalInvoices, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute(async ({ db, grant }) => ({
  invoices: await listPortalInvoices(db, grant.customerId, portalInvoiceOptions(grant.options), new Date()),
}));
