import "server-only";
import { unauthorized } from "next/navigation";
import type { PortalGrant } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/server/database";
import { portalInvoiceExists, portalInvoiceOptions } from "@/lib/services/portal/portal-invoices";
import { verifyPortalLink } from "@/lib/services/portal/portal-link";

export type PortalVisit = { grant: PortalGrant; token: string; customerName: string };

/**
 * The portal page's own check of its link: the grant and the name of its customer. The proxy has
 * already refused badly signed or expired links with a 401; a link that is not valid now (its
 * customer archived, or its links revoked) gets the same 401 and page here (app/unauthorized.tsx).
 */
export async function portalVisit(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<PortalVisit> {
  const token = (await searchParams).token;
  const access = typeof token === "string" ? await verifyPortalLink(await getPrisma(), token, config().secret) : null;
  if (!access) unauthorized();
  return { grant: access.grant, token: token as string, customerName: access.customerName };
}

/** Whether the visit's customer has this invoice: another customer's, or none, is a 404 page. */
export async function visitHasInvoice(visit: PortalVisit, invoiceId: string): Promise<boolean> {
  return portalInvoiceExists(await getPrisma(), visit.grant.customerId, invoiceId, portalInvoiceOptions(visit.grant.options));
}
