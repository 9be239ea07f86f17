import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type pg from "pg";
import { driverPool } from "@/lib/db/connection";
import { LOCK_CATALOG_SHARED_SQL, lockCatalogShared } from "@/lib/metering/catalog";
import { copyEvents } from "@/lib/metering/copy-events";
import { writeEvents, type EventRow } from "@/lib/metering/write-events";
import type { ServiceContext } from "@/lib/services/context";
import { ZIngest, ZIngestEvent } from "./schemas";

export type IngestOptions = {
  now: Date;
  backdateDays: number;
  /** Test seam: runs after the write, before the commit. */
  afterWrite?: () => Promise<void>;
};

const MAX_LISTED_ERRORS = 50;
const HOUR_MS = 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Event = z.infer<typeof ZIngestEvent>;

/** Every problem in the request, by event index and field, or the valid events. */
function validate(body: unknown, { now, backdateDays }: IngestOptions): Event[] {
  const parsed = ZIngest.safeParse(body);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [index, ...field] = issue.path;
      problems.push(typeof index === "number" ? `[${index}]${field.length ? "." + field.join(".") : ""}: ${issue.message}` : `body ${issue.message}`);
    }
  } else {
    const earliest = now.getTime() - backdateDays * 24 * HOUR_MS;
    const latest = now.getTime() + HOUR_MS;
    parsed.data.forEach((event, index) => {
      const t = Date.parse(event.timestamp);
      if (t < earliest) problems.push(`[${index}].timestamp: is more than ${backdateDays} days old`);
      if (t > latest) problems.push(`[${index}].timestamp: is more than 1 hour in the future`);
    });
  }
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED_ERRORS).join("; ");
    const more = problems.length > MAX_LISTED_ERRORS ? ` (and ${problems.length - MAX_LISTED_ERRORS} more)` : "";
    throw new AppError("bad_request", `Invalid events, nothing was stored: ${listed}${more}`);
  }
  return parsed.data!;
}

// The customer each alias (or customer id) stands for; $1 the aliases, $2 those that are UUIDs.
const RESOLVE_SQL = `SELECT a.alias, a.customer_id::text FROM customer_alias a WHERE a.alias = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))
  UNION ALL
  SELECT c.id::text, c.id::text FROM customer c WHERE c.archived_at IS NULL AND c.id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb))::uuid[])`;

// Already what the column stores (UTC, millisecond precision): no need to re-format it.
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

type Resolve = (aliases: string[], ids: string[]) => Promise<{ alias: string; customer_id: string }[]>;

function eventRows(events: Map<string, Event>, customers: Map<string, string>): EventRow[] {
  return [...events.values()].map((e) => ({
    transaction_id: e.transaction_id,
    customer_alias: e.customer_id,
    customer_id: customers.get(e.customer_id) ?? null,
    event_type: e.event_type,
    timestamp: CANONICAL_UTC.test(e.timestamp) ? e.timestamp : new Date(e.timestamp).toISOString(),
    properties: e.properties ?? {},
  }));
}

async function resolveCustomers(resolve: Resolve, events: Event[]): Promise<Map<string, string>> {
  const aliases = [...new Set(events.map((e) => e.customer_id))];
  const rows = await resolve(aliases, aliases.filter((a) => UUID.test(a)));
  return new Map(rows.map((r) => [r.alias, r.customer_id]));
}

/** The PostgreSQL path: one driver transaction, the batch COPYed in. */
async function ingestWithCopy(pool: pg.Pool, events: Event[], unique: Map<string, Event>, options: IngestOptions): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(LOCK_CATALOG_SHARED_SQL);
    const customers = await resolveCustomers(async (aliases, ids) => (await client.query(RESOLVE_SQL, [JSON.stringify(aliases), JSON.stringify(ids)])).rows, events);
    const inserted = await copyEvents(client, eventRows(unique, customers));
    await options.afterWrite?.();
    await client.query("COMMIT");
    return inserted;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * POST /v1/ingest. The whole request is validated first; then, in one transaction, events are
 * matched to customers and stored once each (by transaction_id). All or nothing. The rollup
 * job folds them into the rollups; reads count them from the moment this commits.
 * Returns how many events were new (duplicates are accepted and not counted again).
 */
export async function ingestEvents(ctx: ServiceContext, body: unknown, options: IngestOptions): Promise<{ received: number; stored: number }> {
  const events = validate(body, options);
  const unique = new Map<string, Event>();
  for (const event of events) if (!unique.has(event.transaction_id)) unique.set(event.transaction_id, event);
  const pool = driverPool(ctx.db);
  const stored = pool
    ? await ingestWithCopy(pool, events, unique, options)
    : await ctx.db.$transaction(
        async (tx) => {
          await lockCatalogShared(tx);
          const customers = await resolveCustomers((aliases, ids) => tx.$queryRawUnsafe(RESOLVE_SQL, JSON.stringify(aliases), JSON.stringify(ids)), events);
          const inserted = await writeEvents(tx, eventRows(unique, customers));
          await options.afterWrite?.();
          return inserted;
        },
        { maxWait: 60_000, timeout: 120_000 },
      );
  return { received: events.length, stored };
}
