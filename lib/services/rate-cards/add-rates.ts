import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { insertRates, type InsertedRates } from "./insert-rates";
import { readRateCard } from "./rate-card-record";
import { recordRateChanges } from "./record-rate-changes";
import { ZAddRates, type TAddRates } from "./schemas";

/**
 * Adds several rates in one transaction: every one, or (when any is refused) none. They apply in
 * order, so a later rate of the same request may supersede an earlier one.
 */
export async function addRates(ctx: ServiceContext, input: TAddRates, now = new Date()): Promise<InsertedRates & { rateCardId: string }> {
  authorize(ctx.actor, "pricing:write");
  const { rate_card_id, rates } = parseInput(ZAddRates, input);
  return ctx.db.$transaction(async (tx) => {
    const card = await readRateCard(tx, rate_card_id);
    const changes = await insertRates(tx, ctx.actor, card, rates, (i, field) => `rates.${i}.${field}`, now);
    await recordRateChanges(tx, ctx.actor, card.id, "rate_card.add_rates", changes);
    return { rateCardId: card.id, ...changes };
  });
}
