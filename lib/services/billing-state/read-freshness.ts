import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { PENDING_COUNT_LIMIT } from "./constants";
import { BILLING_STATE_CURSOR } from "./track-events";

// How fresh the stored billing state is, for the line every screen that reads it shows ("as of
// 12 s ago"): the instant before which every change is in it, and how many customers wait.

type Db = PrismaClient | Prisma.TransactionClient;


export type Freshness = {
  /** Every change committed before this instant is in the stored figures; null until the first refresh settles. */
  asOf: string | null;
  /** Customers waiting to be refreshed, up to PENDING_COUNT_LIMIT. */
  pending: number;
};

export async function readFreshness(db: Db): Promise<Freshness> {
  const [cursor, pending] = await Promise.all([
    db.jobCursor.findUnique({ where: { name: BILLING_STATE_CURSOR }, select: { settledAt: true } }),
    db.billingRefreshQueue.count({ take: PENDING_COUNT_LIMIT }),
  ]);
  return { asOf: cursor?.settledAt?.toISOString() ?? null, pending };
}
