import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { withoutUniqueValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { conversionsToDb, readRateCard, type RateCardRecord } from "./rate-card-record";
import { RATE_SELECT, rateToDb, rateToInput, toRateRecord } from "./rate-record";
import { ZDuplicateRateCard, type TDuplicateRateCard } from "./schemas";

/**
 * A new card with the source's currency, conversions, custom fields, product order and a copy of
 * every rate, past and scheduled: the usual start of a new price list. Aliases are not copied, since an
 * alias points contracts at one card, nor the values of custom field keys that enforce
 * uniqueness, which one card holds at most.
 */
export async function duplicateRateCard(ctx: ServiceContext, input: TDuplicateRateCard): Promise<RateCardRecord> {
  authorize(ctx.actor, "pricing:write");
  const { rate_card_id, name, description } = parseInput(ZDuplicateRateCard, input);
  return ctx.db.$transaction(async (tx) => {
    const source = await readRateCard(tx, rate_card_id);
    if (source.archivedAt) throw new AppError("conflict", "This rate card is archived; duplicate a live one.");
    const { id } = await tx.rateCard.create({
      data: {
        name,
        description: description === undefined ? source.description : description || null,
        fiatCreditTypeId: source.fiatCreditType.id,
        creditTypeConversions: conversionsToDb(
          source.creditTypeConversions.map((c) => ({ customCreditTypeId: c.customCreditType.id, fiatPerCustomCredit: c.fiatPerCustomCredit })),
        ),
        customFields: await withoutUniqueValues(tx, "rate_card", source.customFields),
        productOrder: source.productOrder,
        createdBy: ctx.actor.name,
      },
      select: { id: true },
    });
    const creditTypes = new Map([source.fiatCreditType, ...source.creditTypeConversions.map((c) => c.customCreditType)].map((t) => [t.id, t]));
    const rates = (await tx.rate.findMany({ where: { rateCardId: source.id }, select: RATE_SELECT })).map((row) => toRateRecord(row, creditTypes));
    await tx.rate.createMany({
      data: rates.map((rate) => ({ ...rateToDb(rateToInput(rate)), creditTypeId: rate.creditType.id, rateCardId: id, createdBy: ctx.actor.name })),
    });
    const copy = await readRateCard(tx, id);
    await recordAudit(tx, ctx.actor, {
      action: "rate_card.duplicate",
      objectType: "rate_card",
      objectId: id,
      after: { ...copy, duplicatedFrom: source.id, ratesCopied: rates.length },
    });
    return copy;
  });
}
