import { billingPeriodAt } from "@/lib/billing/periods";
import type { Window } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * The billing period containing `now` of the customer's live contract (the latest started, when
 * several are live); undefined when the customer is uncontracted at `now`.
 */
export async function currentBillingPeriod(db: Db, customerId: string, now: Date): Promise<Window | undefined> {
  const contracts = await db.contract.findMany({
    where: { customerId, archivedAt: null, startingAt: { lte: now }, OR: [{ endingBefore: null }, { endingBefore: { gt: now } }] },
    orderBy: [{ startingAt: "desc" }, { id: "asc" }],
    select: { startingAt: true, endingBefore: true, usageStatementFrequency: true, usageStatementDay: true, billingAnchorDate: true },
  });
  for (const c of contracts) {
    const period = billingPeriodAt(
      {
        startingAt: c.startingAt,
        endingBefore: c.endingBefore ?? undefined,
        usageStatementSchedule: { frequency: c.usageStatementFrequency, day: c.usageStatementDay, billingAnchorDate: c.billingAnchorDate ?? undefined },
      },
      now,
    );
    if (period) return period;
  }
  return undefined;
}
