import type pg from "pg";
import { driverPool } from "@/lib/db/connection";
import { LOCK_CATALOG_SHARED_SQL, lockCatalogShared } from "@/lib/metering/catalog";
import { copyEvents, copyNewEvents } from "@/lib/metering/copy-events";
import { duplicatesOf, RECORD_DUPLICATES_SQL } from "@/lib/metering/record-duplicates";
import { writeEvents, type EventRow, type WrittenEvents } from "@/lib/metering/write-events";
import type { ServiceContext } from "@/lib/services/context";
import { validateIngest, type IngestEvent, type IngestWindow } from "./validate-ingest";

export type IngestOptions = IngestWindow & {
  /** Test seam: runs after the write, before the commit. */
  afterWrite?: () => Promise<void>;
};

const UNIQUE_VIOLATION = "23505";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The customer each alias (or customer id) stands for; $1 the aliases, $2 those that are UUIDs.
const RESOLVE_SQL = `SELECT a.alias, a.customer_id::text FROM customer_alias a WHERE a.alias = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))
  UNION ALL
  SELECT c.id::text, c.id::text FROM customer c WHERE c.archived_at IS NULL AND c.id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb))::uuid[])`;

// Already what the column stores (UTC, millisecond precision): no need to re-format it.
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

type Resolve = (aliases: string[], ids: string[]) => Promise<{ alias: string; customer_id: string }[]>;

function eventRows(events: Map<string, IngestEvent>, customers: Map<string, string>): EventRow[] {
  return [...events.values()].map((e) => ({
    transaction_id: e.transaction_id,
    customer_alias: e.customer_id,
    customer_id: customers.get(e.customer_id) ?? null,
    event_type: e.event_type,
    timestamp: CANONICAL_UTC.test(e.timestamp) ? e.timestamp : new Date(e.timestamp).toISOString(),
    properties: e.properties ?? {},
  }));
}

/**
 * What of the request was not stored, as duplicates to record (null: nothing): repeats within the
 * request and events already stored. Most requests have none, and cost nothing more.
 */
function duplicatesToRecord(events: IngestEvent[], unique: Map<string, IngestEvent>, result: WrittenEvents): string | null {
  if (events.length === unique.size && result.skipped.length === 0) return null;
  const sent = events.map((e) => ({
    transaction_id: e.transaction_id,
    customer_alias: e.customer_id,
    event_type: e.event_type,
    timestamp: CANONICAL_UTC.test(e.timestamp) ? e.timestamp : new Date(e.timestamp).toISOString(),
    properties: e.properties ?? {},
  }));
  return JSON.stringify(duplicatesOf(sent, new Set(result.skipped)));
}

async function resolveCustomers(resolve: Resolve, events: IngestEvent[]): Promise<Map<string, string>> {
  const aliases = [...new Set(events.map((e) => e.customer_id))];
  const rows = await resolve(aliases, aliases.filter((a) => UUID.test(a)));
  return new Map(rows.map((r) => [r.alias, r.customer_id]));
}

type Copy = (client: pg.PoolClient, rows: readonly EventRow[]) => Promise<WrittenEvents>;

/** One driver transaction: begin and lock (one round trip), resolve the aliases, COPY the batch, commit. */
async function copyInTransaction(pool: pg.Pool, events: IngestEvent[], unique: Map<string, IngestEvent>, options: IngestOptions, copy: Copy): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${LOCK_CATALOG_SHARED_SQL}`);
    const customers = await resolveCustomers(async (aliases, ids) => (await client.query(RESOLVE_SQL, [JSON.stringify(aliases), JSON.stringify(ids)])).rows, events);
    const result = await copy(client, eventRows(unique, customers));
    const duplicates = duplicatesToRecord(events, unique, result);
    if (duplicates) await client.query(RECORD_DUPLICATES_SQL, [duplicates]);
    await options.afterWrite?.();
    await client.query("COMMIT");
    return result.stored;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The PostgreSQL path. Most batches are all new and go straight in; a batch holding an event
 * already stored (a retry, or the same events sent concurrently) starts over on the path that
 * skips stored events. The transaction is kept to a few round trips: it holds the ingest lock
 * that the rollup job's barrier waits on.
 */
async function ingestWithCopy(pool: pg.Pool, events: IngestEvent[], unique: Map<string, IngestEvent>, options: IngestOptions): Promise<number> {
  try {
    return await copyInTransaction(pool, events, unique, options, copyEvents);
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    return copyInTransaction(pool, events, unique, options, copyNewEvents);
  }
}

/**
 * POST /v1/ingest. The whole request is validated first; then, in one transaction, events are
 * matched to customers and stored once each (by transaction_id). All or nothing. The rollup
 * job folds them into the rollups; reads count them from the moment this commits.
 * Returns how many events were new (duplicates are accepted, not counted again, and recorded for
 * events/search).
 */
export async function ingestEvents(ctx: ServiceContext, body: unknown, options: IngestOptions): Promise<{ received: number; stored: number }> {
  const events = validateIngest(body, options);
  const unique = new Map<string, IngestEvent>();
  for (const event of events) if (!unique.has(event.transaction_id)) unique.set(event.transaction_id, event);
  const pool = driverPool(ctx.db);
  const stored = pool
    ? await ingestWithCopy(pool, events, unique, options)
    : await ctx.db.$transaction(
        async (tx) => {
          await lockCatalogShared(tx);
          const customers = await resolveCustomers((aliases, ids) => tx.$queryRawUnsafe(RESOLVE_SQL, JSON.stringify(aliases), JSON.stringify(ids)), events);
          const result = await writeEvents(tx, eventRows(unique, customers));
          const duplicates = duplicatesToRecord(events, unique, result);
          if (duplicates) await tx.$executeRawUnsafe(RECORD_DUPLICATES_SQL, duplicates);
          await options.afterWrite?.();
          return result.stored;
        },
        { maxWait: 60_000, timeout: 120_000 },
      );
  return { received: events.length, stored };
}
