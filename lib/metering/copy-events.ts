import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { written, type EventRow, type WrittenEvents } from "./write-events";

// PostgreSQL's fastest way in is COPY. The caller holds the transaction (and the catalog lock)
// on `client`; the same events are counted once, however often and concurrently they are sent.

const STAGING = `CREATE TEMP TABLE IF NOT EXISTS ingest_staging (
  transaction_id text, customer_alias text, customer_id uuid, event_type text, "timestamp" timestamptz, properties jsonb
) ON COMMIT DELETE ROWS`;

const prepared = new WeakSet<pg.PoolClient>();

// COPY's text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
// Most values need no escaping: test once before rewriting (this runs four times per event).
const SPECIAL = /[\\\t\n\r]/;
const field = (value: string) =>
  SPECIAL.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;

// COPY's input for the rows, as one buffer: one socket write, outside the JavaScript heap. It is
// built from strings of a few hundred rows, each well under V8's large-object size (128 KB), since
// a larger string is allocated straight into the old generation, where under a firehose the dead
// ones pile up until a full collection.
const ROWS_PER_PIECE = 200;

function copyData(rows: readonly EventRow[]): Buffer {
  const pieces: Buffer[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_PIECE) {
    let text = "";
    for (const r of rows.slice(start, start + ROWS_PER_PIECE)) {
      text += `${field(r.transaction_id)}\t${field(r.customer_alias)}\t${r.customer_id ?? "\\N"}\t${field(r.event_type)}\t${r.timestamp}\t${field(JSON.stringify(r.properties))}\n`;
    }
    pieces.push(Buffer.from(text));
  }
  return Buffer.concat(pieces);
}

const COLUMNS = `transaction_id, customer_alias, customer_id, event_type, "timestamp", properties`;

/**
 * COPYs the batch straight into usage_event, the fastest way in. Fails with a unique violation
 * (23505) when any of the events is already stored, or is stored meanwhile by a concurrent
 * request: the caller then starts over with copyNewEvents.
 */
export async function copyEvents(client: pg.PoolClient, rows: readonly EventRow[]): Promise<WrittenEvents> {
  if (rows.length === 0) return { stored: 0, skipped: [] };
  await pipeline(Readable.from([copyData(rows)]), client.query(copyFrom(`COPY usage_event (${COLUMNS}) FROM STDIN`)));
  return { stored: rows.length, skipped: [] };
}

/** COPYs the batch through a staging table, skipping events already stored (their ids: `skipped`). */
export async function copyNewEvents(client: pg.PoolClient, rows: readonly EventRow[]): Promise<WrittenEvents> {
  if (rows.length === 0) return { stored: 0, skipped: [] };
  if (!prepared.has(client)) {
    await client.query(STAGING);
    prepared.add(client);
  }
  await pipeline(Readable.from([copyData(rows)]), client.query(copyFrom(`COPY ingest_staging FROM STDIN`)));
  const result = await client.query<{ transaction_id: string }>(
    `INSERT INTO usage_event (${COLUMNS}) SELECT ${COLUMNS} FROM ingest_staging ON CONFLICT (transaction_id) DO NOTHING RETURNING transaction_id`,
  );
  return written(rows, result.rows);
}
