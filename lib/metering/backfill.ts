import type { PrismaClient } from "@/lib/db/generated/client";
import { lockRollups } from "./catalog";
import { METRIC_SELECT, toMetricDefinition } from "./metric-definition";
import { recordRollupFailure, writeIsolated } from "./rollup-isolation";
import { rollupCtes } from "./rollup-sql";
import { SqlParams } from "./sql-params";

// A metric created after events were rolled up rolls those events up here, a chunk of seq
// numbers at a time, each chunk in its own transaction under the ROLLUP lock, so that an alias
// assignment never attributes (and rolls up) the same events halfway through. The same range
// holds the events of a metric whose rollup failed (rollup-job): healthy metrics go first, and a
// failing one is retried at most every RETRY_FAILED_SECONDS; when it catches up, it is healthy.

export const BACKFILL_CHUNK = 25_000n;
export const RETRY_FAILED_SECONDS = 30;

/** Advances one metric's backfill by one chunk; false when no metric has anything left it can do now. */
export async function backfillStep(db: PrismaClient, chunk = BACKFILL_CHUNK): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      await lockRollups(tx);
      const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM billable_metric WHERE archived_at IS NULL AND backfilled_seq < backfill_through_seq
           AND (rollup_failed_at IS NULL OR rollup_failed_at < now() - make_interval(secs => ${RETRY_FAILED_SECONDS}))
         ORDER BY rollup_error IS NOT NULL, created_at, id LIMIT 1`,
      );
      if (rows.length === 0) return false;
      const row = await tx.billableMetric.findUniqueOrThrow({
        where: { id: rows[0]!.id },
        select: { ...METRIC_SELECT, backfilledSeq: true, backfillThroughSeq: true, rollupError: true },
      });
      const from = row.backfilledSeq;
      const to = from + chunk < row.backfillThroughSeq ? from + chunk : row.backfillThroughSeq;
      const { failed } = await writeIsolated(tx, [{ metric: toMetricDefinition(row) }], async (targets) => {
        const params = new SqlParams();
        const src = `SELECT transaction_id, seq, customer_id, event_type, "timestamp", properties FROM usage_event
          WHERE seq > ${params.add(from.toString(), "bigint")} AND seq <= ${params.add(to.toString(), "bigint")} AND customer_id IS NOT NULL`;
        const ctes = rollupCtes(targets, params);
        if (ctes) await tx.$queryRawUnsafe(`WITH src AS (${src}),\n${ctes}\nSELECT 1`, ...params.values);
      });
      if (failed.length) {
        await recordRollupFailure(tx, row.id, failed[0]!.reason);
        // Healthy metrics are taken first, so none is left waiting behind this one.
        return false;
      }
      const caughtUp = to === row.backfillThroughSeq;
      await tx.billableMetric.update({
        where: { id: row.id },
        data: { backfilledSeq: to, ...(caughtUp && row.rollupError !== null ? { rollupError: null, rollupFailedAt: null } : {}) },
      });
      return true;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** Runs backfill steps until every metric is caught up (or failing). */
export async function backfillAll(db: PrismaClient): Promise<void> {
  while (await backfillStep(db));
}
