import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { GRANT_NOT_FOUND, liveGrants } from "./grant-ledger";
import { ZVoidCreditGrant, type TVoidCreditGrant } from "./schemas";

/**
 * POST /v1/credits/voidGrant: archives the grant's credit. Live drafts stop drawing on it and the
 * grant lists leave it out; what finalized invoices drew stays on them (a finalized invoice never
 * changes). A grant has no uniqueness key nor purchase invoice, so the flags ask for nothing more.
 */
export async function voidCreditGrant(ctx: ServiceContext, input: TVoidCreditGrant, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const { id } = parseInput(ZVoidCreditGrant, input);
  return ctx.db.$transaction(async (tx) => {
    const grant = await tx.commit.findFirst({ where: { id, ...liveGrants }, select: { id: true, customerId: true } });
    if (!grant) throw new AppError("not_found", GRANT_NOT_FOUND);
    await tx.commit.update({ where: { id }, data: { archivedAt: now } });
    await recordAudit(tx, ctx.actor, { action: "credit.void", objectType: "commit", objectId: id, customerId: grant.customerId, before: { archived_at: null }, after: { archived_at: now.toISOString() } });
    return { id };
  });
}
