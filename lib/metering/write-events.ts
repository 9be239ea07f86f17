import type { Prisma } from "@/lib/db/generated/client";

export type EventRow = {
  transaction_id: string;
  customer_alias: string;
  customer_id: string | null;
  event_type: string;
  timestamp: string;
  properties: Record<string, unknown>;
};

/**
 * Inserts a batch of events in one statement: the batch travels as one JSON parameter, and a
 * transaction_id already stored is skipped by the unique key, so a retried or concurrent batch
 * counts once. Rollups are the rollup job's (lib/metering/rollup-job.ts); reads add what it has
 * not folded in yet. Returns how many events were new, and the transaction ids of the rows that
 * were already stored (their copies are duplicates: record-duplicates.ts).
 */
export async function writeEvents(tx: Prisma.TransactionClient, rows: EventRow[]): Promise<WrittenEvents> {
  if (rows.length === 0) return { stored: 0, skipped: [] };
  const inserted = await tx.$queryRawUnsafe<{ transaction_id: string }[]>(
    `INSERT INTO usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties)
     SELECT x.transaction_id, x.customer_alias, x.customer_id, x.event_type, x."timestamp", x.properties
     FROM json_to_recordset($1::json) AS x(transaction_id text, customer_alias text, customer_id uuid, event_type text, "timestamp" timestamptz, properties jsonb)
     ON CONFLICT (transaction_id) DO NOTHING
     RETURNING transaction_id`,
    JSON.stringify(rows),
  );
  return written(rows, inserted);
}

/** What a write of distinct rows did: how many were stored, and the ids of those already stored. */
export type WrittenEvents = { stored: number; skipped: string[] };

export function written(rows: readonly EventRow[], inserted: readonly { transaction_id: string }[]): WrittenEvents {
  if (inserted.length === rows.length) return { stored: rows.length, skipped: [] };
  const stored = new Set(inserted.map((r) => r.transaction_id));
  return { stored: inserted.length, skipped: rows.filter((r) => !stored.has(r.transaction_id)).map((r) => r.transaction_id) };
}
