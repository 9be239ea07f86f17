import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { COMMIT_SELECT, liveCommitsOf } from "@/lib/services/contracts/contract-record";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { balanceRecords, type BalanceRecord } from "./balance-record";
import { balanceState } from "./balance-state";

// The one query behind Metronome's three balance lists (customerCommits, customerCredits,
// customerBalances): a customer's commits and/or credits, oldest first, in cursor pages.

export type BalanceQuery = {
  customerId: string;
  kinds: ("COMMIT" | "CREDIT")[];
  id?: string;
  /** A segment covers it. */
  coveringDate?: Date;
  /** A segment has access on or after it. */
  startingAt?: Date;
  /** A segment has access before it. */
  effectiveBefore?: Date;
  /** Archived balances, and those of archived contracts. */
  includeArchived: boolean;
  /** Contract-level balances besides the customer-level ones. */
  includeContracts: boolean;
  includeBalance: boolean;
  includeLedgers: boolean;
  excludeZeroBalances?: boolean;
  limit: number;
  nextPage?: string;
};

export async function queryBalances(ctx: ServiceContext, q: BalanceQuery, now: Date): Promise<{ data: BalanceRecord[]; next_page: string | null }> {
  await readCustomer(ctx.db, q.customerId);
  const keyset = keysetQuery("createdAt", "id", "asc", decodeKeysetCursor(q.nextPage, "instant", "uuid"));
  const rows = await ctx.db.commit.findMany({
    where: {
      AND: [
        { customerId: q.customerId, kind: { in: q.kinds } },
        q.id ? { id: q.id } : {},
        q.includeContracts ? {} : { contractId: null },
        q.includeArchived ? {} : liveCommitsOf(q.customerId),
        q.coveringDate ? { segments: { some: { startingAt: { lte: q.coveringDate }, endingBefore: { gt: q.coveringDate } } } } : {},
        q.startingAt ? { segments: { some: { endingBefore: { gt: q.startingAt } } } } : {},
        q.effectiveBefore ? { segments: { some: { startingAt: { lt: q.effectiveBefore } } } } : {},
        keyset.where as Prisma.CommitWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.CommitOrderByWithRelationInput[],
    take: q.limit + 1,
    select: COMMIT_SELECT,
  });
  const page = toPage(rows, q.limit, (row) => keysetCursor({ key: row.createdAt, id: row.id }));
  const withBalance = q.includeBalance || q.includeLedgers || q.excludeZeroBalances;
  const state = withBalance ? await balanceState(ctx.db, q.customerId, page.data, now) : undefined;
  const records = await balanceRecords(ctx.db, page.data, now, state, q.includeLedgers);
  // The cursor follows the rows read, so leaving out zero balances never skips a row.
  const data = records
    .filter((r) => !q.excludeZeroBalances || !r.balance?.isZero())
    .map(({ balance, ...r }) => (q.includeBalance ? { ...r, balance } : r));
  return { data, next_page: page.next_page };
}
