import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import type { InsertedRates } from "./insert-rates";

/** The audit entry for rates added to a card, with the open rates they ended (before and after). */
export function recordRateChanges(tx: Prisma.TransactionClient, actor: Actor, rateCardId: string, action: string, changes: InsertedRates) {
  return recordAudit(tx, actor, {
    action,
    objectType: "rate_card",
    objectId: rateCardId,
    before: changes.ended.length ? { endedRates: changes.ended.map((e) => ({ id: e.id, endingBefore: null })) } : undefined,
    after: { addedRates: changes.added, endedRates: changes.ended },
  });
}
