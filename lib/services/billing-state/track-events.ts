import type { PrismaClient } from "@/lib/db/generated/client";

// The billing-state job's event pass: folds events that arrived since the last pass into the
// overview's counters (per minute, per customer and hour, each customer's latest event) and
// queues their customers for a refresh. Its cursor moves in the same transaction as the counters,
// so a pass killed at any point counts every event exactly once (queueing, before it, is
// idempotent). Its cost follows the new events.
//
// A child contract's events are on its parent's invoice (lib/billing/hierarchy.ts): the parent's
// customer is queued with the child's, so its stored draft never lags the child's usage.
//
// It takes events as soon as they are committed, not once rolled up: a refresh reads the rollups
// plus each customer's events past them through the (customer_id, seq) index, so a customer
// queued during a burst costs its own few new events, and the refreshes run beside the rollup job
// instead of after it.

export const BILLING_STATE_CURSOR = "billing state";
/** Events folded per transaction; the job runs again at once while more are waiting. */
export const EVENT_CHUNK = 1_000_000n;
/** The counters cover the overview's last day, with room to spare. */
const COUNTER_RETENTION = "2 days";
/** Backdated events older than the counters keep are not counted into them (they would be pruned at once). */
const RETAINED = `"timestamp" >= $4::timestamptz - interval '${COUNTER_RETENTION}'`;

export type EventPass = {
  /** More committed events are waiting. */
  more: boolean;
  /** Every event up to this seq is counted and its customer queued. */
  through: bigint;
};

/** A chunk of new events whose customers are queued and whose counters are still to fold. */
export type EventChunk = { from: bigint; to: bigint; committed: bigint };

/**
 * Queues the customers of the next chunk of events up to `committed` (every event up to it is
 * committed: catalog.ts committedSeq), each with its latest event, in a transaction of its own;
 * null when no event is new. Queueing is idempotent: a pass killed before the chunk's counters
 * are folded queues them again, which costs at most one more refresh each.
 */
export async function queueNewEvents(db: PrismaClient, committed: bigint, chunk = EVENT_CHUNK): Promise<EventChunk | null> {
  const [cursor] = await db.$queryRawUnsafe<{ position: bigint }[]>(`SELECT position FROM job_cursor WHERE name = $1`, BILLING_STATE_CURSOR);
  const from = BigInt(cursor?.position ?? 0);
  if (committed <= from) return null;
  const to = committed - from > chunk ? from + chunk : committed;
  await db.$executeRawUnsafe(
    `WITH customers AS (SELECT customer_id, max("timestamp") AS latest FROM usage_event WHERE seq > $1::bigint AND seq <= $2::bigint AND customer_id IS NOT NULL GROUP BY 1),
     seen AS (INSERT INTO customer_billing_state (customer_id, last_event_at) SELECT customer_id, latest FROM customers ORDER BY 1
       ON CONFLICT (customer_id) DO UPDATE SET last_event_at = greatest(customer_billing_state.last_event_at, excluded.last_event_at) RETURNING 1)
     INSERT INTO billing_refresh_queue (customer_id)
       SELECT customer_id FROM customers
       UNION SELECT c.parent_customer_id FROM contract c JOIN customers USING (customer_id) WHERE c.parent_customer_id IS NOT NULL AND c.hierarchy_payer = 'PARENT' AND c.archived_at IS NULL
       ORDER BY 1
     ON CONFLICT (customer_id) DO UPDATE SET gen = billing_refresh_queue.gen + 1`,
    from.toString(),
    to.toString(),
  );
  return { from, to, committed };
}

/**
 * Folds a queued chunk into the counters and moves the cursor past it, in one transaction, so
 * every event is counted exactly once; prunes counters older than the retention before `at`.
 * It runs beside the refreshes of the customers just queued (a million events take seconds).
 */
export async function foldEventCounters(db: PrismaClient, at: Date, { from, to, committed }: EventChunk): Promise<EventPass> {
  return db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRawUnsafe<{ position: bigint }[]>(
        `INSERT INTO job_cursor (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING position`,
        BILLING_STATE_CURSOR,
      );
      // Another server moved the cursor meanwhile: the next pass starts from where it is.
      if (BigInt(locked!.position) !== from) return { more: true, through: BigInt(locked!.position) };
      await tx.$executeRawUnsafe(
        `WITH ev AS (SELECT customer_id, "timestamp" FROM usage_event WHERE seq > $1::bigint AND seq <= $2::bigint AND ${RETAINED}),
         minutes AS (INSERT INTO event_minute_count (minute, count)
           SELECT date_trunc('minute', "timestamp", 'UTC'), count(*) FROM ev GROUP BY 1 ORDER BY 1
           ON CONFLICT (minute) DO UPDATE SET count = event_minute_count.count + excluded.count RETURNING 1),
         hours AS (INSERT INTO customer_event_hour (customer_id, hour, count)
           SELECT customer_id, date_trunc('hour', "timestamp", 'UTC'), count(*) FROM ev WHERE customer_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
           ON CONFLICT (customer_id, hour) DO UPDATE SET count = customer_event_hour.count + excluded.count RETURNING 1)
         UPDATE job_cursor SET position = $2::bigint WHERE name = $3`,
        from.toString(),
        to.toString(),
        BILLING_STATE_CURSOR,
        at.toISOString(),
      );
      const horizon = `$1::timestamptz - interval '${COUNTER_RETENTION}'`;
      await tx.$executeRawUnsafe(`DELETE FROM event_minute_count WHERE minute < ${horizon}`, at.toISOString());
      await tx.$executeRawUnsafe(`DELETE FROM customer_event_hour WHERE hour < ${horizon}`, at.toISOString());
      return { more: to < committed, through: to };
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** One chunk, queued and then counted (the tests' step; the job counts beside its refreshes). */
export async function trackNewEvents(db: PrismaClient, at: Date, committed: bigint, chunk = EVENT_CHUNK): Promise<EventPass> {
  const queued = await queueNewEvents(db, committed, chunk);
  if (!queued) return { more: false, through: committed };
  return foldEventCounters(db, at, queued);
}
