import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readRateCard, type RateCardRecord } from "./rate-card-record";
import { ZGetRateCard, type TGetRateCard } from "./schemas";

export async function getRateCard(ctx: ServiceContext, input: TGetRateCard): Promise<RateCardRecord> {
  const { id } = parseInput(ZGetRateCard, input);
  return readRateCard(ctx.db, id);
}
