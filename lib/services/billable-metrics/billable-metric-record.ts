import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { METRIC_SELECT, toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import { pathId } from "@/lib/services/ids";

export type BillableMetricRecord = MetricDefinition & {
  customFields: Record<string, string>;
  createdAt: Date;
  archivedAt: Date | null;
  /**
   * Events that arrived before the metric existed are rolled up by a backfill job; `done` of
   * `through` events (by arrival number) are. Ready when they are equal.
   */
  backfill: { done: bigint; through: bigint; ready: boolean };
  /** Set while its events cannot be rolled up (lib/metering/rollup-isolation): why, and when it last failed. */
  rollupFailure: { reason: string; at: Date } | null;
};

export const BILLABLE_METRIC_SELECT = {
  ...METRIC_SELECT,
  customFields: true,
  createdAt: true,
  archivedAt: true,
  backfillThroughSeq: true,
  backfilledSeq: true,
  rollupError: true,
  rollupFailedAt: true,
} as const satisfies Prisma.BillableMetricSelect;

type BillableMetricRow = Prisma.BillableMetricGetPayload<{ select: typeof BILLABLE_METRIC_SELECT }>;

export function toBillableMetricRecord(row: BillableMetricRow): BillableMetricRecord {
  return {
    ...toMetricDefinition(row),
    customFields: row.customFields as Record<string, string>,
    createdAt: row.createdAt,
    archivedAt: row.archivedAt,
    backfill: { done: row.backfilledSeq, through: row.backfillThroughSeq, ready: row.backfilledSeq >= row.backfillThroughSeq },
    rollupFailure: row.rollupError !== null ? { reason: row.rollupError, at: row.rollupFailedAt ?? row.createdAt } : null,
  };
}

export const BILLABLE_METRIC_NOT_FOUND = "No billable metric has that id.";

/** The metric as it is now, archived or not, or a 404; `metricId` may come straight from a URL. */
export async function readBillableMetric(db: Prisma.TransactionClient, metricId: string): Promise<BillableMetricRecord> {
  const row = await db.billableMetric.findUnique({ where: { id: pathId(metricId, BILLABLE_METRIC_NOT_FOUND) }, select: BILLABLE_METRIC_SELECT });
  if (!row) throw new AppError("not_found", BILLABLE_METRIC_NOT_FOUND);
  return toBillableMetricRecord(row);
}
