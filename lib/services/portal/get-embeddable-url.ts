import { signPortalToken } from "@/lib/auth/portal-token";
import { config } from "@/lib/config";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { currentPortalEpoch } from "./portal-link";
import { ZGetEmbeddableUrl, type TGetEmbeddableUrl } from "./schemas";

/**
 * A signed, expiring link to one customer's portal. Anyone holding it can read that customer's
 * usage, spend, balances and invoices until it expires, so it is handed only to the vendor's
 * own systems (API keys) and staff. Nothing is stored per link: it carries the customer's portal
 * epoch, and revokePortalLinks (portal-link.ts) ends all of a customer's links by bumping it.
 */
export async function getEmbeddableUrl(ctx: ServiceContext, input: TGetEmbeddableUrl | unknown, now = new Date()): Promise<{ url: string; expiresAt: Date }> {
  const body = parseInput(ZGetEmbeddableUrl, input);
  const customer = await readCustomer(ctx.db, body.customer_id);
  const epoch = await currentPortalEpoch(ctx.db, customer.id);
  const expiresAt = new Date(now.getTime() + body.expires_in_seconds * 1000);
  const token = await signPortalToken(
    {
      customerId: customer.id,
      dashboard: body.dashboard,
      colors: Object.fromEntries((body.color_overrides ?? []).map((c) => [c.name, c.value])),
      options: Object.fromEntries((body.dashboard_options ?? []).map((o) => [o.key, o.value])),
      epoch,
      expiresAt,
    },
    config().secret,
    now,
  );
  return { url: `${config().publicUrl}/portal/${body.dashboard}?token=${encodeURIComponent(token)}`, expiresAt };
}
