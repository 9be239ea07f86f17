import "server-only";
import type { PortalGrant } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/server/database";
import { portalInvoiceExists, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";
import { verifyPortalLink } from "@/lib/services/portal/portal-link";

export type PortalVisit = { grant: PortalGrant; token: string; customerName: string };

/**
 * The portal page's own check of its link (the proxy has already refused badly signed or expired
 * ones with a 401): the grant and the name of its customer, or null for a link that is not valid
 * now (its customer archived, or its links revoked).
 */
export async function portalVisit(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<PortalVisit | null> {
  const token = (await searchParams).token;
  if (typeof token !== "string") return null;
  const access = await verifyPortalLink(await getPrisma(), token, config().secret);
  return access ? { grant: access.grant, token, customerName: access.customerName } : null;
}

/** Whether the visit's customer has this invoice: another customer's, or none, is a 404 page. */
export async function visitHasInvoice(visit: PortalVisit, invoiceId: string): Promise<boolean> {
  return portalInvoiceExists(await getPrisma(), visit.grant.customerId, invoiceId, portalInvoiceOptions(visit.grant.options));
}
