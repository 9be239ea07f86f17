import "server-only";
import { readPortalToken, type PortalGrant } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { getPrisma } from "@/lib/server/database";
import { readCustomer } from "@/lib/services/customers/customer-record";

export type PortalVisit = { grant: PortalGrant; token: string; customerName: string };

/**
 * The portal page's own check of its link (the proxy has already refused bad ones with a 401):
 * the verified grant and the name of its customer, or null for a link that is not valid.
 */
export async function portalVisit(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<PortalVisit | null> {
  const token = (await searchParams).token;
  if (typeof token !== "string") return null;
  const grant = await readPortalToken(token, config().secret);
  if (!grant) return null;
  try {
    const customer = await readCustomer(await getPrisma(), grant.customerId);
    return { grant, token, customerName: customer.name };
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}
