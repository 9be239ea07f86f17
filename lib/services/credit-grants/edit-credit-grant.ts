import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { COMMIT_SELECT } from "@/lib/services/contracts/contract-record";
import { parseInput } from "@/lib/services/parse-input";
import { GRANT_NOT_FOUND, liveGrants } from "./grant-ledger";
import { ZEditCreditGrant, type TEditCreditGrant } from "./schemas";

const GRANT_SELECT = { ...COMMIT_SELECT, creditGrantType: true } as const satisfies Prisma.CommitSelect;

/** The last instant a posted entry of the grant covers: a stored invoice's draw covers its whole period. */
async function lastPosted(tx: Prisma.TransactionClient, grantId: string): Promise<Date | undefined> {
  const entries = await tx.ledgerEntry.findMany({ where: { commitId: grantId }, select: { timestamp: true, invoiceId: true } });
  const invoiceIds = entries.flatMap((e) => (e.invoiceId ? [e.invoiceId] : []));
  const invoices = invoiceIds.length ? await tx.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { endTimestamp: true } }) : [];
  const times = [...entries.map((e) => e.timestamp.getTime()), ...invoices.map((i) => i.endTimestamp.getTime() - 1)];
  return times.length ? new Date(Math.max(...times)) : undefined;
}

/**
 * POST /v1/credits/editGrant: a grant's name, type or expiry. A new expiry must leave every
 * posted entry (a stored invoice's draw, over its whole period; a manual entry) inside the grant's
 * access, so no stored invoice is left having drawn on credit that had expired.
 */
export async function editCreditGrant(ctx: ServiceContext, input: TEditCreditGrant): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const edit = parseInput(ZEditCreditGrant, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.commit.findFirst({ where: { id: edit.id, ...liveGrants }, select: GRANT_SELECT });
    if (!before) throw new AppError("not_found", GRANT_NOT_FOUND);
    const segment = before.segments[0]!;
    if (edit.expires_at) {
      const refuse = (message: string) => new AppError("bad_request", `expires_at: ${message}.`, { expires_at: message });
      if (edit.expires_at <= segment.startingAt) throw refuse("Must be after the grant's effective_at");
      const last = await lastPosted(tx, before.id);
      if (last && last >= edit.expires_at) throw refuse(`Must be after ${last.toISOString()}: the grant's posted entries reach that far`);
      await tx.balanceSegment.update({ where: { id: segment.id }, data: { endingBefore: edit.expires_at } });
    }
    await tx.commit.update({
      where: { id: before.id },
      data: { ...(edit.name !== undefined ? { name: edit.name } : {}), ...(edit.credit_grant_type !== undefined ? { creditGrantType: edit.credit_grant_type } : {}) },
    });
    const after = await tx.commit.findUniqueOrThrow({ where: { id: before.id }, select: GRANT_SELECT });
    await recordAudit(tx, ctx.actor, { action: "credit.edit", objectType: "commit", objectId: before.id, customerId: before.customerId, before, after });
    return { id: before.id };
  });
}
