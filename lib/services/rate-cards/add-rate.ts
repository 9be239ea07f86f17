import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { insertRates } from "./insert-rates";
import { readRateCard } from "./rate-card-record";
import type { RateRecord } from "./rate-record";
import { recordRateChanges } from "./record-rate-changes";
import { ZAddRate, type TAddRate } from "./schemas";

/** Adds one rate to a card; it supersedes the open rate it follows (see insertRates). */
export async function addRate(ctx: ServiceContext, input: TAddRate, now = new Date()): Promise<RateRecord> {
  authorize(ctx.actor, "pricing:write");
  const { rateCardId, rate } = parseInput(ZAddRate, input);
  return ctx.db.$transaction(async (tx) => {
    const card = await readRateCard(tx, rateCardId);
    const changes = await insertRates(tx, ctx.actor, card, [rate], (_i, field) => field, now);
    await recordRateChanges(tx, ctx.actor, card.id, "rate_card.add_rate", changes);
    return changes.added[0]!;
  });
}
