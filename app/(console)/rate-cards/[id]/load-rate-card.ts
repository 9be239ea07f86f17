import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import type { RateCardRecord } from "@/lib/services/rate-cards/rate-card-record";

/** The rate card a page is about, or the console's 404 page. */
export async function loadRateCard(ctx: ServiceContext, id: string): Promise<RateCardRecord> {
  try {
    return await getRateCard(ctx, { id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
