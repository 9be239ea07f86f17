import { driverPool } from "@/lib/db/connection";
import type { PrismaClient } from "@/lib/db/generated/client";
import { committedSeq } from "@/lib/metering/catalog";
import { queueDueRefreshes, queueRequestedRefreshes } from "@/lib/services/billing-state/queue-refreshes";
import { pricingTurns } from "@/lib/services/billing-state/pricing-turns";
import { nextRefreshBatch, refreshCustomers } from "@/lib/services/billing-state/refresh-billing-state";
import { BILLING_STATE_CURSOR, foldEventCounters, queueNewEvents } from "@/lib/services/billing-state/track-events";
import { extendRecurringBalances } from "@/lib/services/contracts/recurring-balances";
import { withLease } from "./job-lease";

// The billing-state job: keeps the stored drafts, spend, balances and counters that the screens
// spanning customers read (lib/services/billing-state). A pass folds in new events, turns catalog
// changes and due times into queued customers, and refreshes one batch of the queue; it runs
// again at once while work is waiting, so its cost follows what changed. It also grants the next
// balances of open-ended recurring commits and credits (lib/services/contracts/recurring-balances.ts).
// Of many servers, the one holding the lease runs it.

export const BILLING_STATE_LEASE = "billing state";
const LEASE_TTL_MS = 2 * 60_000;
/** Customers refreshed per transaction. */
export const REFRESH_BATCH = 1000;
/** Batches a pass takes from the queue. */
const BATCHES_PER_PASS = 8;
/**
 * Batches refreshed side by side on PostgreSQL: while one batch's writes run in the database,
 * the server prices the other (pricing is the server's CPU, storing is the database's; the lanes
 * take turns at pricing: refresh-billing-state.ts PricingTurn).
 * PGlite runs in the server's own thread, so there nothing would overlap.
 */
const POSTGRES_LANES = 2;

export type BillingStatePass = { refreshed: number; more: boolean };

/** One pass as of `clock()`, in batches of `batchSize`; when it leaves nothing waiting, the stored state holds every change committed before it began. */
export async function billingStatePass(
  db: PrismaClient,
  clock: () => Date = () => new Date(),
  renew: () => Promise<void> = async () => {},
  batchSize = REFRESH_BATCH,
): Promise<BillingStatePass> {
  const started = clock();
  const committed = await committedSeq(db);
  const chunk = await queueNewEvents(db, committed);
  let more = await queueRequestedRefreshes(db);
  // Open-ended recurring commits and credits grant their next balances as periods begin.
  more = (await extendRecurringBalances(db, started)) || more;
  more = (await queueDueRefreshes(db, started)) || more;
  const queued = await nextRefreshBatch(db, batchSize * BATCHES_PER_PASS);
  const batches = Array.from({ length: Math.ceil(queued.length / batchSize) }, (_, i) => queued.slice(i * batchSize, (i + 1) * batchSize));
  const sideBySide = !!driverPool(db);
  // On PostgreSQL the new events' counters fold beside the refreshes of their customers (a
  // million events take seconds to count); PGlite does one thing at a time.
  const counting = chunk && sideBySide ? foldEventCounters(db, started, chunk) : null;
  if (chunk && !sideBySide) more = (await foldEventCounters(db, started, chunk)).more || more;
  let next = 0;
  const turn = pricingTurns();
  const lanes = Array.from({ length: Math.min(batches.length, sideBySide ? POSTGRES_LANES : 1) }, async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      await refreshCustomers(db, batch, clock(), turn);
      await renew();
    }
  });
  // Every lane and the counting are waited for, so a failed one leaves nothing running past the pass.
  const steps = await Promise.allSettled([counting ?? Promise.resolve(null), ...lanes]);
  const failed = steps.find((step) => step.status === "rejected");
  if (failed) throw failed.reason;
  more = (await counting)?.more || more;
  const waiting = queued.length === batchSize * BATCHES_PER_PASS || (await db.billingRefreshQueue.count({ take: 1 })) > 0;
  if (!more && !waiting) {
    // Never back: a pass that began before the last settled instant says less than it.
    await db.jobCursor.updateMany({ where: { name: BILLING_STATE_CURSOR, OR: [{ settledAt: null }, { settledAt: { lt: started } }] }, data: { settledAt: started } });
  }
  return { refreshed: queued.length, more: more || waiting };
}

/** The scheduler's job. */
export function billingStateJob(clock: () => Date = () => new Date()) {
  return async (db: PrismaClient): Promise<boolean> => {
    const outcome = await withLease(db, BILLING_STATE_LEASE, LEASE_TTL_MS, (renew) => billingStatePass(db, clock, renew));
    return outcome.ran && outcome.value.more;
  };
}
