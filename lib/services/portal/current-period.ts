import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";

type Db = PrismaClient | Prisma.TransactionClient;

/** The customer's live drafts of the periods that contain `now` (one per billed contract). */
export async function currentDrafts(db: Db, customerId: string, now: Date): Promise<OpenDraft[]> {
  const drafts = await computeOpenDrafts(db, customerId, now);
  return drafts.filter((d) => d.invoice.startingAt <= now && now < d.invoice.endingBefore);
}

/** "model: aurora-mini · region: eu", or null for a line or usage without group values. */
export function groupLabel(values: Readonly<Record<string, string | null>> | undefined): string | null {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return entries.length === 1 ? (entries[0]![1] ?? "(none)") : entries.map(([k, v]) => `${k}: ${v ?? "(none)"}`).join(" · ");
}
