import type { PrismaClient } from "@/lib/db/generated/client";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { billingStatePass } from "@/lib/server/billing-state-job";

/**
 * Runs the rollups and the billing-state job as of `at` until nothing is waiting, as a server
 * does: the stored figures (and alert states) then hold every change so far. Returns how many
 * customers were refreshed. A small `batchSize` makes a few customers take several batches,
 * refreshed side by side as a large queue is.
 */
export async function settleBillingState(db: PrismaClient, at: Date, batchSize?: number): Promise<number> {
  await rollUpAll(db);
  let refreshed = 0;
  for (let pass = 0; pass < 1000; pass++) {
    const outcome = await billingStatePass(db, () => at, undefined, batchSize);
    refreshed += outcome.refreshed;
    if (!outcome.more) return refreshed;
  }
  throw new Error("The billing state did not settle in 1000 passes.");
}
