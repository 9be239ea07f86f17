import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { METRIC_SELECT, toMetricDefinition } from "./metric-definition";
import type { RollupTarget } from "./rollup-sql";

// Two advisory locks keep metering exact without making ingest wait on rollups:
// - INGEST: ingest holds it shared while it resolves aliases and inserts. Taking it exclusively
//   waits out every in-flight ingest, so afterwards every event with seq ≤ the sequence's last
//   value is committed (the rollup job's barrier), and no ingest is resolving aliases while they
//   change.
// - ROLLUP: whoever writes rollups or decides what they cover holds it exclusively: the rollup
//   job, metric backfill, alias attribution, metric creation. Readers need no lock: rollups and
//   rolled_seq change in one transaction, and a read sees both in one snapshot.
// Order: INGEST before ROLLUP, always.

// Keys within 2^53, where JavaScript numbers are exact: past it, INGEST + 1 would be INGEST again.
const INGEST_LOCK = 0x52_41_54_45_4c_49; // "RATELI"
const ROLLUP_LOCK = INGEST_LOCK + 1;
type Tx = Prisma.TransactionClient;

/** For ingest: holds the INGEST lock shared until the transaction ends (also run through the driver). */
export const LOCK_CATALOG_SHARED_SQL = `SELECT pg_advisory_xact_lock_shared(${INGEST_LOCK}) IS NULL`;

export async function lockCatalogShared(tx: Tx): Promise<void> {
  await tx.$queryRawUnsafe(LOCK_CATALOG_SHARED_SQL);
}

/** Rollups are exact through this seq. */
async function rolledSeq(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRawUnsafe<{ rolled_seq: bigint }[]>(
    `INSERT INTO metering_catalog (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 1 RETURNING rolled_seq`,
  );
  return BigInt(rows[0]!.rolled_seq);
}

export type RolledUp = {
  /** Rollups hold every event up to this seq. */
  seq: bigint;
  /** When they last caught up: every event committed before it is rolled up; null until they first do. */
  at: Date | null;
};

/** How far rollups reach, as of the caller's snapshot (no lock: rollups and rolled_seq commit together). */
export async function rolledUp(db: PrismaClient | Tx): Promise<RolledUp> {
  const [row] = await db.$queryRawUnsafe<{ rolled_seq: bigint; rolled_at: Date | null }[]>(`SELECT rolled_seq, rolled_at FROM metering_catalog WHERE id = 1`);
  return { seq: BigInt(row?.rolled_seq ?? 0), at: row?.rolled_at ?? null };
}

/** For the rollup job and backfill: holds the ROLLUP lock; returns how far rollups reach. */
export async function lockRollups(tx: Tx): Promise<bigint> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK}) IS NULL`);
  return rolledSeq(tx);
}

/** For alias changes: no ingest is in flight and no rollup is being written until commit. */
export async function lockCatalogExclusive(tx: Tx): Promise<bigint> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${INGEST_LOCK}) IS NULL`);
  return lockRollups(tx);
}

/**
 * For a metric's creation or archiving. `lastSeq` is how far rollups reach now: a new metric's
 * backfill covers events up to it, and the rollup job covers it from the next event on.
 */
export async function changeCatalog(tx: Tx): Promise<{ lastSeq: bigint }> {
  return { lastSeq: await lockCatalogExclusive(tx) };
}

/**
 * The highest seq such that every event up to it is committed: waits out in-flight ingests.
 * One statement, so the exclusive lock is released the moment it is granted; held across round
 * trips of a busy server, every ingest would queue behind it. CASE evaluates its condition (the
 * lock) before its result (the sequence).
 */
export async function committedSeq(db: PrismaClient): Promise<bigint> {
  const [row] = await db.$queryRawUnsafe<{ seq: bigint }[]>(
    `SELECT CASE WHEN pg_advisory_xact_lock(${INGEST_LOCK}) IS NULL THEN NULL ELSE coalesce(pg_sequence_last_value('usage_event_seq_seq'), 0) END AS seq`,
  );
  return BigInt(row!.seq);
}

/** The live metrics with what their backfill still owes (events the caller must not roll up for them). */
export async function loadTargets(db: Tx): Promise<RollupTarget[]> {
  const rows = await db.billableMetric.findMany({
    where: { archivedAt: null },
    select: { ...METRIC_SELECT, backfillThroughSeq: true, backfilledSeq: true, rollupError: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({
    metric: toMetricDefinition(row),
    pendingBackfill: row.backfilledSeq < row.backfillThroughSeq ? { from: row.backfilledSeq, through: row.backfillThroughSeq } : undefined,
    failing: row.rollupError !== null,
  }));
}
