import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { insertRates, type InsertedRates } from "./insert-rates";
import { readRateCard } from "./rate-card-record";
import { RATE_SELECT, rateSeriesKey, rateToInput, toRateRecord } from "./rate-record";
import { recordRateChanges } from "./record-rate-changes";
import { ZAddPromotionalRate, type TAddPromotionalRate } from "./schemas";

/**
 * A price for a limited time (console only). Adding a rate with an end supersedes the open rate
 * it interrupts for good, as in Metronome; here that rate's price is also scheduled again from the
 * promotion's end, in the same transaction, so the promotion ends by itself.
 */
export async function addPromotionalRate(ctx: ServiceContext, input: TAddPromotionalRate, now = new Date()): Promise<InsertedRates> {
  authorize(ctx.actor, "pricing:write");
  const { rateCardId, rate } = parseInput(ZAddPromotionalRate, input);
  return ctx.db.$transaction(async (tx) => {
    const card = await readRateCard(tx, rateCardId);
    const creditTypes = new Map([card.fiatCreditType, ...card.creditTypeConversions.map((c) => c.customCreditType)].map((t) => [t.id, t]));
    const open = await tx.rate.findMany({
      where: { rateCardId: card.id, productId: rate.productId, endingBefore: null, startingAt: { lt: rate.startingAt } },
      select: RATE_SELECT,
    });
    const interrupted = open.map((row) => toRateRecord(row, creditTypes)).find((r) => rateSeriesKey(r) === rateSeriesKey(rate));
    const inputs = interrupted ? [rate, { ...rateToInput(interrupted), startingAt: rate.endingBefore!, endingBefore: null }] : [rate];
    const changes = await insertRates(tx, ctx.actor, card, inputs, (_i, field) => field, now);
    await recordRateChanges(tx, ctx.actor, card.id, "rate_card.add_promotion", changes);
    return changes;
  });
}
