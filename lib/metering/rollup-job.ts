import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { committedSeq, loadTargets, lockRollups } from "./catalog";
import { recordRollupFailure, writeIsolated } from "./rollup-isolation";
import { rollupCtes, type RollupTarget } from "./rollup-sql";
import { SqlParams } from "./sql-params";

// Folds newly ingested events into the hourly rollups, a seq range at a time, for every live
// metric. Ingest never writes rollups itself, so concurrent ingests never queue on the same
// rollup rows; reads add the events past rolled_seq from usage_event, so nothing waits for this.
//
// A metric whose rollup fails does not hold up the others (rollup-isolation): the chunk's events
// become its backfill range, which the backfill job retries, and while it is failing every later
// chunk joins that range, so its rollups stay exact up to where it stopped.

export const ROLLUP_CHUNK = 50_000n;

type Tx = Prisma.TransactionClient;

/** Failing and catching up from exactly where this chunk starts: its events wait in its backfill range. */
const waiting = (t: RollupTarget, from: bigint) => t.failing === true && t.pendingBackfill?.through === from;

async function foldIn(tx: Tx, targets: RollupTarget[], from: bigint, to: bigint, caughtUpAt: Date | null) {
  const params = new SqlParams();
  const src = `SELECT transaction_id, seq, customer_id, event_type, "timestamp", properties FROM usage_event
    WHERE seq > ${params.add(from.toString(), "bigint")} AND seq <= ${params.add(to.toString(), "bigint")} AND customer_id IS NOT NULL`;
  const ctes = rollupCtes(targets, params);
  const seq = params.add(to.toString(), "bigint");
  const at = params.add(caughtUpAt?.toISOString() ?? null, "timestamptz");
  await tx.$queryRawUnsafe(
    `WITH src AS (${src})${ctes ? `,\n${ctes}` : ""},
     advanced AS (UPDATE metering_catalog SET rolled_seq = ${seq}, rolled_at = coalesce(${at}, rolled_at) WHERE id = 1 RETURNING 1)
     SELECT 1`,
    ...params.values,
  );
}

/** Folds in one chunk; returns true when more committed events are waiting. */
export async function rollUpNewEvents(db: PrismaClient, chunk = ROLLUP_CHUNK): Promise<boolean> {
  // Every event committed before this instant has a seq ≤ committed.
  const horizon = new Date();
  const committed = await committedSeq(db);
  return db.$transaction(
    async (tx) => {
      const from = await lockRollups(tx);
      if (committed <= from) return false;
      const to = committed - from > chunk ? from + chunk : committed;
      const all = await loadTargets(tx);
      const held = all.filter((t) => waiting(t, from));
      if (held.length) {
        await tx.billableMetric.updateMany({ where: { id: { in: held.map((t) => t.metric.id) } }, data: { backfillThroughSeq: to } });
      }
      const { failed } = await writeIsolated(tx, all.filter((t) => !waiting(t, from)), (targets) => foldIn(tx, targets, from, to, to === committed ? horizon : null));
      for (const { target, reason } of failed) {
        const pending = target.pendingBackfill;
        // The chunk becomes (or extends) the metric's backfill range when that stays one range;
        // otherwise its events in this chunk are not counted, and the reason says so.
        if (!pending) await tx.billableMetric.update({ where: { id: target.metric.id }, data: { backfilledSeq: from, backfillThroughSeq: to } });
        else if (pending.through === from) await tx.billableMetric.update({ where: { id: target.metric.id }, data: { backfillThroughSeq: to } });
        await recordRollupFailure(tx, target.metric.id, pending && pending.through !== from ? `${reason} (events ${from + 1n}–${to} not counted)` : reason);
      }
      // A metric with a backfill range still to go is cleared by the backfill when it catches up.
      const recovered = all.filter((t) => t.failing && !t.pendingBackfill && !failed.some((f) => f.target === t));
      if (recovered.length) {
        await tx.billableMetric.updateMany({ where: { id: { in: recovered.map((t) => t.metric.id) } }, data: { rollupError: null, rollupFailedAt: null } });
      }
      return to < committed;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** Folds in everything committed so far. */
export async function rollUpAll(db: PrismaClient): Promise<void> {
  while (await rollUpNewEvents(db));
}
