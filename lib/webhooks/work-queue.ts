import type { PrismaClient } from "@/lib/db/generated/client";

// Claiming due work from a retry table (webhook_delivery, invoice_sync: both have status,
// attempts and next_attempt_at) so that any number of servers can work the same queue: the
// claim is one statement that takes due rows with FOR UPDATE SKIP LOCKED and pushes their
// next_attempt_at past the lease. A server that dies mid-attempt thus only delays its rows by the
// lease; a server that finds them claimed skips them instead of waiting. The attempt itself runs
// outside any transaction (it is a network call), and its outcome is written only if the row is
// still at the attempt count it was claimed with (see recordWhere).

export type RetryTable = "webhook_delivery" | "invoice_sync";

export type Claimed = { id: string; attempts: number };

export async function claimDue(
  db: PrismaClient,
  table: RetryTable,
  options: { now: Date; limit: number; leaseMs: number; provider?: string },
): Promise<Claimed[]> {
  const scope = options.provider === undefined ? "" : "AND provider = $4";
  const params: unknown[] = [options.now.toISOString(), new Date(options.now.getTime() + options.leaseMs).toISOString(), options.limit];
  if (options.provider !== undefined) params.push(options.provider);
  return db.$queryRawUnsafe<Claimed[]>(
    `UPDATE ${table} SET next_attempt_at = $2::timestamptz
     WHERE id IN (
       SELECT id FROM ${table}
       WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz ${scope}
       ORDER BY next_attempt_at LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING id::text AS id, attempts`,
    ...params,
  );
}

/** The where clause under which an attempt's outcome is recorded: nobody recorded one since the claim. */
export function recordWhere(claimed: Claimed) {
  return { id: claimed.id, attempts: claimed.attempts, status: "pending" as const };
}
