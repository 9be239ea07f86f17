import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { parseInput } from "@/lib/services/parse-input";
import { aliasesToDb, checkConversions, conversionsToDb, readRateCard, type RateCardRecord } from "./rate-card-record";
import { ZCreateRateCard, type TCreateRateCard } from "./schemas";

/** Creates an empty rate card; rates are added with addRate/addRates. */
export async function createRateCard(ctx: ServiceContext, input: TCreateRateCard): Promise<RateCardRecord> {
  authorize(ctx.actor, "pricing:write");
  const card = parseInput(ZCreateRateCard, input);
  const fiatId = card.fiat_credit_type_id ?? USD_CENTS.id;
  return ctx.db.$transaction(async (tx) => {
    const fiat = await tx.creditType.findUnique({ where: { id: fiatId }, select: { isFiat: true, name: true } });
    if (!fiat) throw new AppError("not_found", "No credit type has that id.", { fiat_credit_type_id: "No credit type has that id" });
    if (!fiat.isFiat) {
      throw new AppError("bad_request", `Invalid request: fiat_credit_type_id: “${fiat.name}” is a custom pricing unit, not a fiat currency`, {
        fiat_credit_type_id: "Must be a fiat currency; custom pricing units are added as credit_type_conversions",
      });
    }
    const conversions = card.credit_type_conversions ?? [];
    await checkConversions(tx, fiatId, conversions, "credit_type_conversions");
    await claimCustomFieldValues(tx, "rate_card", null, card.custom_fields);
    const { id } = await tx.rateCard.create({
      data: {
        name: card.name,
        description: card.description || null,
        fiatCreditTypeId: fiatId,
        creditTypeConversions: conversionsToDb(conversions),
        aliases: aliasesToDb(card.aliases ?? []),
        customFields: card.custom_fields ?? {},
        createdBy: ctx.actor.name,
      },
      select: { id: true },
    });
    const created = await readRateCard(tx, id);
    await recordAudit(tx, ctx.actor, { action: "rate_card.create", objectType: "rate_card", objectId: id, after: created });
    return created;
  });
}
