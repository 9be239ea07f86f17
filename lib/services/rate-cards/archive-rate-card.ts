import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readRateCard, type RateCardRecord } from "./rate-card-record";
import { ZArchiveRateCard, type TArchiveRateCard } from "./schemas";

/**
 * Archives a rate card, as in Metronome: contracts already on it keep their prices; it takes no
 * new rates and no new contracts. Archiving twice changes nothing.
 */
export async function archiveRateCard(ctx: ServiceContext, input: TArchiveRateCard, now = new Date()): Promise<RateCardRecord> {
  authorize(ctx.actor, "pricing:write");
  const { id } = parseInput(ZArchiveRateCard, input);
  return ctx.db.$transaction(async (tx) => {
    const before = await readRateCard(tx, id);
    if (before.archivedAt) return before;
    await tx.rateCard.update({ where: { id }, data: { archivedAt: now } });
    await recordAudit(tx, ctx.actor, { action: "rate_card.archive", objectType: "rate_card", objectId: id, before: { archivedAt: null }, after: { archivedAt: now } });
    return { ...before, archivedAt: now };
  });
}
