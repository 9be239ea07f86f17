import type { PrismaClient } from "@/lib/db/generated/client";

// Announces every balance segment (of a live commit or credit) whose ending_before has passed:
// one outbox event per segment, ever — the dedupe key "segment-expired:<segment>" is unique, so
// the statement can run on every server, as often as it likes, concurrently, and still writes
// each announcement once.

const BATCH = 500;

/** Writes one batch of announcements; true when the batch was full (more may be due). */
export async function announceExpiredSegments(db: PrismaClient, now: Date): Promise<boolean> {
  const inserted = await db.$executeRawUnsafe(
    `INSERT INTO outbox_event (type, payload, dedupe_key, created_at)
     SELECT CASE c.kind WHEN 'COMMIT' THEN 'commit.segment.expired' ELSE 'credit.segment.expired' END,
       jsonb_build_object(
         'customer_id', s.customer_id, 'contract_id', c.contract_id, 'commit_id', c.id, 'segment_id', s.id,
         'amount', trim_scale(s.amount)::text, 'credit_type_id', c.credit_type_id,
         'starting_at', to_char(s.starting_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'ending_before', to_char(s.ending_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       'segment-expired:' || s.id, $1::timestamptz
     FROM balance_segment s JOIN commit c ON c.id = s.commit_id
     WHERE s.ending_before <= $1::timestamptz AND c.archived_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM outbox_event o WHERE o.dedupe_key = 'segment-expired:' || s.id)
     LIMIT ${BATCH}
     ON CONFLICT (dedupe_key) DO NOTHING`,
    now.toISOString(),
  );
  return inserted === BATCH;
}
