import { loadOr404 } from "@/lib/server/console-context";
import type { ServiceContext } from "@/lib/services/context";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import type { RateCardRecord } from "@/lib/services/rate-cards/rate-card-record";

/** The rate card a page is about, or the console's 404 page. */
export async function loadRateCard(ctx: ServiceContext, id: string): Promise<RateCardRecord> {
  return loadOr404(() => getRateCard(ctx, { id }));
}
