import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";

// A credit is presented on invoices under a FIXED product; Metronome's plans-era grants name none.
// Every grant is presented under this one, made with the first grant under a well-known id (as
// USD_CENTS is), so it can be found, renamed or read like any product.

export const GRANT_PRODUCT = { id: "5f0c2b1e-9d4a-4c7e-8b3f-6a1d2e4c8f17", name: "Credit grants" } as const;

/** The grants' product, made on first use; an archived one refuses new grants rather than hiding them. */
export async function grantProduct(tx: Prisma.TransactionClient, actor: Actor): Promise<string> {
  let found = await tx.product.findUnique({ where: { id: GRANT_PRODUCT.id }, select: { archivedAt: true } });
  if (!found) {
    // Two first grants at once: the second waits here for the first to commit, then finds it.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('rateline: credit grants product'))`);
    found = await tx.product.findUnique({ where: { id: GRANT_PRODUCT.id }, select: { archivedAt: true } });
  }
  if (found?.archivedAt) throw new AppError("bad_request", `The "${GRANT_PRODUCT.name}" product credit grants are presented under is archived; unarchive it to grant credit.`);
  if (found) return GRANT_PRODUCT.id;
  // From the epoch: a grant may be backdated, and its product must exist wherever it applies.
  await tx.product.create({
    data: { id: GRANT_PRODUCT.id, type: "FIXED", createdBy: actor.name, versions: { create: { name: GRANT_PRODUCT.name, startingAt: new Date(0), createdBy: actor.name } } },
  });
  await recordAudit(tx, actor, { action: "product.create", objectType: "product", objectId: GRANT_PRODUCT.id, after: { type: "FIXED", name: GRANT_PRODUCT.name } });
  return GRANT_PRODUCT.id;
}
