import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { findRates } from "./find-rates";
import { readRateCard } from "./rate-card-record";
import { ZGetRates, type TGetRates } from "./schemas";

/** The card's rates in force at `at`, filtered by selectors (Metronome's getRates). */
export async function getRates(ctx: ServiceContext, input: TGetRates) {
  const { rate_card_id, at, selectors, limit, next_page } = parseInput(ZGetRates, input);
  const card = await readRateCard(ctx.db, rate_card_id);
  // A window of one millisecond: the rates in force at that instant.
  return findRates(ctx, card, { startingAt: at, endingBefore: new Date(at.getTime() + 1) }, selectors, { limit, next_page });
}
