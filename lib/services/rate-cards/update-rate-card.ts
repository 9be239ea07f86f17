import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { aliasesToDb, checkConversions, conversionsToDb, readRateCard, type RateCardRecord } from "./rate-card-record";
import { ZUpdateRateCard, type TUpdateRateCard } from "./schemas";

/**
 * Renames a card, rewrites its description or aliases, or adds conversions to custom pricing
 * units. Its rates are untouched (they change through addRate/addRates), and so are its
 * existing conversions: rates priced through them would otherwise change value silently.
 */
export async function updateRateCard(ctx: ServiceContext, input: TUpdateRateCard): Promise<RateCardRecord> {
  authorize(ctx.actor, "pricing:write");
  const update = parseInput(ZUpdateRateCard, input);
  const added = update.add_credit_type_conversions ?? [];
  if (update.name === undefined && update.description === undefined && update.aliases === undefined && added.length === 0) {
    throw new AppError("bad_request", "Invalid request: give at least one field to change (name, description, aliases or add_credit_type_conversions).", {
      name: "Give at least one field to change",
    });
  }
  return ctx.db.$transaction(async (tx) => {
    const before = await readRateCard(tx, update.rate_card_id);
    if (before.archivedAt) throw new AppError("conflict", "This rate card is archived; archived rate cards cannot be changed.");
    added.forEach((c, i) => {
      const existing = before.creditTypeConversions.find((e) => e.customCreditType.id === c.customCreditTypeId);
      if (existing) {
        const field = `add_credit_type_conversions.${i}.custom_credit_type_id`;
        throw new AppError("bad_request", `Invalid request: ${field}: the card already converts “${existing.customCreditType.name}”; existing conversions cannot be changed`, {
          [field]: "Already converted on this card; existing conversions cannot be changed",
        });
      }
    });
    await checkConversions(tx, before.fiatCreditType.id, added, "add_credit_type_conversions");
    await tx.rateCard.update({
      where: { id: before.id },
      data: {
        ...(update.name !== undefined ? { name: update.name } : {}),
        ...(update.description !== undefined ? { description: update.description || null } : {}),
        ...(update.aliases !== undefined ? { aliases: aliasesToDb(update.aliases) } : {}),
        ...(added.length
          ? {
              creditTypeConversions: conversionsToDb([
                ...before.creditTypeConversions.map((c) => ({ customCreditTypeId: c.customCreditType.id, fiatPerCustomCredit: c.fiatPerCustomCredit })),
                ...added,
              ]),
            }
          : {}),
      },
    });
    const after = await readRateCard(tx, before.id);
    await recordAudit(tx, ctx.actor, { action: "rate_card.update", objectType: "rate_card", objectId: before.id, before, after });
    return after;
  });
}
