import type { PrismaClient } from "@/lib/db/generated/client";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { billingStatePass } from "@/lib/server/billing-state-job";

/** Runs the rollups and the billing-state job as of `at` until nothing is waiting, as a server does: the stored figures then hold every change so far. */
export async function settleBillingState(db: PrismaClient, at: Date): Promise<void> {
  await rollUpAll(db);
  for (let pass = 0; pass < 1000; pass++) if (!(await billingStatePass(db, () => at)).more) return;
  throw new Error("The billing state did not settle in 1000 passes.");
}
