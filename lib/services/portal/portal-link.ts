import { readPortalToken, type PortalGrant } from "@/lib/auth/portal-token";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZRevokePortalLinks, type TRevokePortalLinks } from "./schemas";

// A portal link works while its signature holds, it has not expired, its customer is not
// archived, and it was signed in the customer's current portal epoch. Revoking a customer's links
// bumps the epoch, so every link signed before stops working at once, without rotating
// RATELINE_SECRET (which would end every customer's links and every console session).

type Db = PrismaClient | Prisma.TransactionClient;

export type PortalLinkAccess = { grant: PortalGrant; customerName: string };

/** The grant of a portal link that is valid right now, with its customer's name; null otherwise. */
export async function verifyPortalLink(db: Db, token: string, secret: string, now: Date = new Date()): Promise<PortalLinkAccess | null> {
  const grant = await readPortalToken(token, secret, now);
  return grant ? checkPortalGrant(db, grant) : null;
}

/** For a grant whose signature and expiry are already checked: whether its customer still honours it. */
export async function checkPortalGrant(db: Db, grant: PortalGrant): Promise<PortalLinkAccess | null> {
  const customer = await db.customer.findUnique({ where: { id: grant.customerId }, select: { name: true, archivedAt: true, portalEpoch: true } });
  if (!customer || customer.archivedAt || customer.portalEpoch !== grant.epoch) return null;
  return { grant, customerName: customer.name };
}

/** The epoch a new link of the customer is signed in (refuses an archived customer: its links would not work). */
export async function currentPortalEpoch(db: Db, customerId: string): Promise<number> {
  const customer = await readCustomer(db, customerId);
  if (customer.archivedAt) throw new AppError("bad_request", "This customer is archived; its portal is closed.", { customer_id: "Archived" });
  const { portalEpoch } = await db.customer.findUniqueOrThrow({ where: { id: customer.id }, select: { portalEpoch: true } });
  return portalEpoch;
}

/** Ends every portal link of the customer made so far; links made afterwards work. */
export async function revokePortalLinks(ctx: ServiceContext, input: TRevokePortalLinks) {
  authorize(ctx.actor, "customers:write");
  const { customer_id } = parseInput(ZRevokePortalLinks, input);
  return ctx.db.$transaction(async (tx) => {
    const customer = await readCustomer(tx, customer_id);
    const { portalEpoch } = await tx.customer.update({ where: { id: customer.id }, data: { portalEpoch: { increment: 1 } }, select: { portalEpoch: true } });
    await recordAudit(tx, ctx.actor, {
      action: "customer.revoke_portal_links",
      objectType: "customer",
      objectId: customer.id,
      customerId: customer.id,
      before: { portalEpoch: portalEpoch - 1 },
      after: { portalEpoch },
    });
    return { customerId: customer.id, portalEpoch };
  });
}
