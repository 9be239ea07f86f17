import { Badge } from "@/components/ui/badge";
import type { BillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";

// Progress is by arrival number: the backfill has rolled up events 1…done of 1…through.
function percent({ done, through }: BillableMetricRecord["backfill"]): number {
  return through === 0n ? 100 : Number((done * 100n) / through);
}

export function BackfillBadge({ backfill }: { backfill: BillableMetricRecord["backfill"] }) {
  return backfill.ready ? <Badge tone="green">Ready</Badge> : <Badge tone="amber">Backfilling {percent(backfill)}%</Badge>;
}

/** A metric whose events cannot be rolled up at the moment, and the database's reason. */
export function RollupFailureBadge({ failure }: { failure: BillableMetricRecord["rollupFailure"] }) {
  if (!failure) return null;
  return (
    <span title={`Last failed ${failure.at.toISOString()}`} className="inline-block max-w-md break-words">
      <Badge tone="red">rollup failing: {failure.reason}</Badge>
    </span>
  );
}

export function BackfillProgress({ backfill }: { backfill: BillableMetricRecord["backfill"] }) {
  const value = percent(backfill);
  return (
    <div>
      <div className="mb-1.5 flex items-center justify-between text-sm">
        <span id="backfill-label" className="font-medium text-slate-700">Earlier events rolled up</span>
        <span className="tabular text-slate-600">{value}%</span>
      </div>
      <div role="progressbar" aria-labelledby="backfill-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div className={`h-full rounded-full ${backfill.ready ? "bg-emerald-500" : "bg-amber-500"}`} style={{ width: `${value}%` }} />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {backfill.ready
          ? "Ready: every event, including those stored before this metric existed, counts in its usage."
          : `Events stored before this metric existed are being rolled up (${backfill.done} of ${backfill.through} by arrival number); new events count at once.`}
      </p>
    </div>
  );
}
