import type { PrismaClient } from "@/lib/db/generated/client";
import { lockRollups } from "./catalog";
import { METRIC_SELECT, toMetricDefinition } from "./metric-definition";
import { rollupCtes } from "./rollup-sql";
import { SqlParams } from "./sql-params";

// A metric created after events were rolled up rolls those events up here, a chunk of seq
// numbers at a time, each chunk in its own transaction under the ROLLUP lock, so that an alias
// assignment never attributes (and rolls up) the same events halfway through.

export const BACKFILL_CHUNK = 25_000n;

/** Advances one metric's backfill by one chunk; false when no metric has anything left. */
export async function backfillStep(db: PrismaClient, chunk = BACKFILL_CHUNK): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      await lockRollups(tx);
      const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM billable_metric WHERE archived_at IS NULL AND backfilled_seq < backfill_through_seq ORDER BY created_at, id LIMIT 1`,
      );
      if (rows.length === 0) return false;
      const row = await tx.billableMetric.findUniqueOrThrow({
        where: { id: rows[0]!.id },
        select: { ...METRIC_SELECT, backfilledSeq: true, backfillThroughSeq: true },
      });
      const from = row.backfilledSeq;
      const to = from + chunk < row.backfillThroughSeq ? from + chunk : row.backfillThroughSeq;
      const params = new SqlParams();
      const src = `SELECT transaction_id, seq, customer_id, event_type, "timestamp", properties FROM usage_event
        WHERE seq > ${params.add(from.toString(), "bigint")} AND seq <= ${params.add(to.toString(), "bigint")} AND customer_id IS NOT NULL`;
      const ctes = rollupCtes([{ metric: toMetricDefinition(row) }], params);
      await tx.$queryRawUnsafe(`WITH src AS (${src}),\n${ctes}\nSELECT 1`, ...params.values);
      await tx.billableMetric.update({ where: { id: row.id }, data: { backfilledSeq: to } });
      return true;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** Runs backfill steps until every metric is caught up. */
export async function backfillAll(db: PrismaClient): Promise<void> {
  while (await backfillStep(db));
}
