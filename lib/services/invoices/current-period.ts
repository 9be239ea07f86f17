import type { Window } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { DAY_MS } from "@/lib/billing/forecast";
import type { OpenDraft } from "./open-draft";
import { computeOpenDrafts } from "./open-drafts";

// "This period" as every screen means it: the drafts of the periods that contain `now` (one per
// billed contract), the span they cover together, and how finely usage over that span is shown.

type Db = PrismaClient | Prisma.TransactionClient;

/** The drafts of the periods that contain `now`. */
export function currentOf(drafts: readonly OpenDraft[], now: Date): OpenDraft[] {
  return drafts.filter((d) => d.invoice.startingAt <= now && now < d.invoice.endingBefore);
}

/** The customer's live drafts of the periods that contain `now`. */
export async function currentDrafts(db: Db, customerId: string, now: Date): Promise<OpenDraft[]> {
  return currentOf(await computeOpenDrafts(db, customerId, now), now);
}

/**
 * The current billing period: from the earliest start to the latest end of the current drafts'
 * periods (Metronome's rule for a customer on several contracts); null when there are none.
 */
export function currentSpan(current: readonly OpenDraft[]): Window | null {
  if (current.length === 0) return null;
  return {
    startingAt: new Date(Math.min(...current.map((d) => d.invoice.startingAt.getTime()))),
    endingBefore: new Date(Math.max(...current.map((d) => d.invoice.endingBefore.getTime()))),
  };
}

/** Usage over a span is shown per hour when it is three days or shorter, else per day. */
export function usageWindowSize(span: Window): "HOUR" | "DAY" {
  return span.endingBefore.getTime() - span.startingAt.getTime() <= 3 * DAY_MS ? "HOUR" : "DAY";
}
