import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { METRIC_SELECT, toMetricDefinition } from "./metric-definition";
import type { RollupTarget } from "./rollup-sql";

// The catalog is what decides how an event is rolled up: the live metrics and the ingest
// aliases. Ingest holds a shared advisory lock for its whole transaction; a catalog change
// takes it exclusively. So every event is written either wholly before a change (and, for a new
// metric, left to its backfill: its seq is ≤ the metric's backfill_through_seq) or wholly after
// it (and rolled up by the ingest that wrote it) — never counted twice, never missed.

const CATALOG_LOCK = 0x52_41_54_45_4c_49_4e; // "RATELIN"

export type Catalog = { version: bigint; targets: RollupTarget[] };
type Tx = Prisma.TransactionClient;

/** For ingest: holds the shared lock until the transaction ends; returns the catalog version. */
export async function lockCatalogShared(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRawUnsafe<{ version: bigint | null }[]>(
    `SELECT pg_advisory_xact_lock_shared(${CATALOG_LOCK}) IS NULL AS locked, (SELECT version FROM metering_catalog WHERE id = 1) AS version`,
  );
  return BigInt(rows[0]?.version ?? 0);
}

/**
 * For a change to metrics or aliases: waits for in-flight ingests, bumps the version, and
 * returns the highest event seq written so far (everything a new metric must backfill).
 */
export async function changeCatalog(tx: Tx): Promise<{ version: bigint; lastSeq: bigint }> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${CATALOG_LOCK}) IS NULL`);
  const [row] = await tx.$queryRawUnsafe<{ version: bigint }[]>(
    `INSERT INTO metering_catalog (id, version) VALUES (1, 1)
     ON CONFLICT (id) DO UPDATE SET version = metering_catalog.version + 1 RETURNING version`,
  );
  const [seq] = await tx.$queryRawUnsafe<{ last_value: bigint; is_called: boolean }[]>(
    `SELECT last_value, is_called FROM usage_event_seq_seq`,
  );
  return { version: BigInt(row!.version), lastSeq: seq!.is_called ? BigInt(seq!.last_value) : 0n };
}

/** Takes the catalog lock exclusively without a change (backfill steps serialize with changes). */
export async function lockCatalogExclusive(tx: Tx): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${CATALOG_LOCK}) IS NULL`);
}

/** The rollup targets as they are now (callers holding the exclusive lock read fresh ones). */
export async function loadTargets(db: Tx): Promise<RollupTarget[]> {
  const rows = await db.billableMetric.findMany({
    where: { archivedAt: null },
    select: { ...METRIC_SELECT, backfillThroughSeq: true, backfilledSeq: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({
    metric: toMetricDefinition(row),
    pendingBackfill: row.backfilledSeq < row.backfillThroughSeq ? { from: row.backfilledSeq, through: row.backfillThroughSeq } : undefined,
  }));
}

// Reading every metric on every ingest would cost a query per batch; the version says when the
// cached list is stale. Keyed by client so that several databases in one process stay apart.
const cache = new WeakMap<PrismaClient, Catalog>();

/** The rollup targets as of `version`, which the caller read under the catalog lock. */
export async function catalogAt(db: PrismaClient, tx: Tx, version: bigint): Promise<Catalog> {
  const cached = cache.get(db);
  if (cached?.version === version) return cached;
  const catalog = { version, targets: await loadTargets(tx) };
  cache.set(db, catalog);
  return catalog;
}
