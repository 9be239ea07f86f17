import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { findRates } from "./find-rates";
import { readRateCard } from "./rate-card-record";
import { ZGetRateSchedule, type TGetRateSchedule } from "./schemas";

/**
 * Every rate of the card in force at some time from `starting_at` (until `ending_before`, or
 * for all scheduled changes when it is left out), filtered by selectors: Metronome's
 * getRateSchedule. Each rate keeps its own starting_at and ending_before.
 */
export async function getRateSchedule(ctx: ServiceContext, input: TGetRateSchedule) {
  const { rate_card_id, starting_at, ending_before, selectors, limit, next_page } = parseInput(ZGetRateSchedule, input);
  const card = await readRateCard(ctx.db, rate_card_id);
  return findRates(ctx, card, { startingAt: starting_at, endingBefore: ending_before ?? null }, selectors, { limit, next_page });
}
