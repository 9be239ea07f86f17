import type { PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { closePeriods, type CloseResult } from "@/lib/services/invoices/close-periods";
import { leaseHolder, withLease } from "./job-lease";

// Period close as the scheduler and `npm run billing:close` run it: under the "period close"
// lease (job-lease.ts), so that of many servers one closes at a time.

export const PERIOD_CLOSE_LEASE = "period close";
/** Renewed as invoices are stored, so only a holder that stopped working loses it. */
const LEASE_TTL_MS = 5 * 60_000;
const RENEW_EVERY_MS = 15_000;

/** Closes what is due at `at`; undefined when another server holds the lease. */
export async function runPeriodClose(db: PrismaClient, at: Date, graceHours: number, holder?: string): Promise<CloseResult | undefined> {
  const outcome = await withLease(
    db,
    PERIOD_CLOSE_LEASE,
    LEASE_TTL_MS,
    (renew) => {
      // A renewal is a write: once every RENEW_EVERY_MS is plenty against a 5-minute lease.
      let renewed = Date.now();
      const afterInvoice = async () => {
        if (Date.now() - renewed < RENEW_EVERY_MS) return;
        renewed = Date.now();
        await renew();
      };
      return closePeriods(db, at, graceHours, { afterInvoice });
    },
    holder,
  );
  if (!outcome.ran) return undefined;
  for (const failure of outcome.value.failures) console.error(`Period close: customer ${failure.customerId} was not closed: ${failure.message}`);
  return outcome.value;
}

/** For the command line: waits up to `waitMs` for a running close elsewhere to finish. */
export async function runPeriodCloseWaiting(db: PrismaClient, at: Date, graceHours: number, waitMs = 120_000): Promise<CloseResult> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await runPeriodClose(db, at, graceHours);
    if (result) return result;
    if (Date.now() > deadline) {
      const held = await leaseHolder(db, PERIOD_CLOSE_LEASE);
      throw new AppError("conflict", `Another server is closing periods (${held?.holder ?? "unknown"}, lease until ${held?.expiresAt.toISOString() ?? "?"}); try again later.`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
