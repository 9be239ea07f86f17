import { portalRoute } from "@/lib/http/portal-route";
import { listPortalInvoices } from "@/lib/services/portal/portal-invoices";

export const GET = portalRoute(async ({ db, grant }) => ({
  invoices: await listPortalInvoices(db, grant.customerId, { hideVoided: grant.options.hide_voided_invoices === "true" }, new Date()),
}));
