import type { EventRow } from "./write-events";

// Copies of events that were not stored because their transaction_id already was: counted once,
// as stored, and kept for events/search's `is_duplicate` (usage_event_duplicate: per transaction
// id, how many more copies came and the last of them). Written in the ingest's own transaction.

export type DuplicateRow = Omit<EventRow, "customer_id"> & { copies: number };

/**
 * The copies of a request's events that were not stored: every repeat of a transaction id within
 * the request, and the first copy of each id in `skipped` (the database already held it). One
 * row per id, sorted by it, so that concurrent requests lock the rows in one order.
 */
export function duplicatesOf(sent: readonly Omit<EventRow, "customer_id">[], skipped: ReadonlySet<string>): DuplicateRow[] {
  const seen = new Set<string>();
  const byId = new Map<string, DuplicateRow>();
  for (const copy of sent) {
    const first = !seen.has(copy.transaction_id);
    seen.add(copy.transaction_id);
    if (first && !skipped.has(copy.transaction_id)) continue;
    const copies = (byId.get(copy.transaction_id)?.copies ?? 0) + 1;
    byId.set(copy.transaction_id, { ...copy, copies });
  }
  return [...byId.values()].sort((a, b) => (a.transaction_id < b.transaction_id ? -1 : a.transaction_id > b.transaction_id ? 1 : 0));
}

/** $1: the duplicates (duplicatesOf) as JSON; adds their copies to what each id already had, keeping the last copy. */
export const RECORD_DUPLICATES_SQL = `INSERT INTO usage_event_duplicate (transaction_id, copies, customer_alias, event_type, "timestamp", properties)
  SELECT x.transaction_id, x.copies, x.customer_alias, x.event_type, x."timestamp", x.properties
  FROM json_to_recordset($1::json) AS x(transaction_id text, copies int, customer_alias text, event_type text, "timestamp" timestamptz, properties jsonb)
  ON CONFLICT (transaction_id) DO UPDATE SET copies = usage_event_duplicate.copies + excluded.copies, customer_alias = excluded.customer_alias,
    event_type = excluded.event_type, "timestamp" = excluded."timestamp", properties = excluded.properties, last_received_at = now()`;
