import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { EventRow } from "./write-events";

// PostgreSQL's fastest way in is COPY. The caller holds the transaction (and the catalog lock)
// on `client`; the same events counted once, however often and concurrently they are sent.

const STAGING = `CREATE TEMP TABLE IF NOT EXISTS ingest_staging (
  transaction_id text, customer_alias text, customer_id uuid, event_type text, "timestamp" timestamptz, properties jsonb
) ON COMMIT DELETE ROWS`;


const prepared = new WeakSet<pg.PoolClient>();

// COPY's text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
// Most values need no escaping: test once before rewriting (this runs six times per event).
const SPECIAL = /[\\\t\n\r]/;
const field = (value: string) =>
  SPECIAL.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;

function copyText(rows: readonly EventRow[]): string {
  let text = "";
  for (const r of rows) {
    text += `${field(r.transaction_id)}\t${field(r.customer_alias)}\t${r.customer_id ?? "\\N"}\t${field(r.event_type)}\t${r.timestamp}\t${field(JSON.stringify(r.properties))}\n`;
  }
  return text;
}

async function copyThroughStaging(client: pg.PoolClient, rows: readonly EventRow[]): Promise<number> {
  if (!prepared.has(client)) {
    await client.query(STAGING);
    prepared.add(client);
  }
  await pipeline(Readable.from([copyText(rows)]), client.query(copyFrom(`COPY ingest_staging FROM STDIN`)));
  const result = await client.query(
    `INSERT INTO usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties)
     SELECT transaction_id, customer_alias, customer_id, event_type, "timestamp", properties FROM ingest_staging
     ON CONFLICT (transaction_id) DO NOTHING`,
  );
  return result.rowCount ?? 0;
}

/**
 * Returns how many events were new. Most batches are all new: those already stored are left
 * out, and the rest is COPYed straight into usage_event. Only when a concurrent request stored
 * one of them meanwhile (a unique violation) does the batch go through the staging table, whose
 * INSERT … ON CONFLICT skips duplicates row by row.
 */
export async function copyEvents(client: pg.PoolClient, rows: readonly EventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const stored = await client.query<{ transaction_id: string }>(`SELECT transaction_id FROM usage_event WHERE transaction_id = ANY($1::text[])`, [rows.map((r) => r.transaction_id)]);
  const known = new Set(stored.rows.map((r) => r.transaction_id));
  const fresh = known.size ? rows.filter((r) => !known.has(r.transaction_id)) : rows;
  if (fresh.length === 0) return 0;
  await client.query("SAVEPOINT direct_copy");
  try {
    await pipeline(
      Readable.from([copyText(fresh)]),
      client.query(copyFrom(`COPY usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties) FROM STDIN`)),
    );
    await client.query("RELEASE SAVEPOINT direct_copy");
    return fresh.length;
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    await client.query("ROLLBACK TO SAVEPOINT direct_copy");
    return copyThroughStaging(client, fresh);
  }
}
