import { changeCatalog } from "@/lib/metering/catalog";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { claimCustomFieldValues } from "@/lib/services/custom-fields/claim-values";
import { parseInput } from "@/lib/services/parse-input";
import { readBillableMetric, type BillableMetricRecord } from "./billable-metric-record";
import { ZCreateBillableMetric, type TCreateBillableMetric } from "./schemas";

/**
 * Creates a metric. Ingest rolls up every event that arrives after this commits; the events
 * stored before it (arrival numbers up to the catalog's last one) are left to the backfill job.
 */
export async function createBillableMetric(ctx: ServiceContext, input: TCreateBillableMetric): Promise<BillableMetricRecord> {
  authorize(ctx.actor, "pricing:write");
  const { eventTypeFilter, ...data } = parseInput(ZCreateBillableMetric, input);
  return ctx.db.$transaction(async (tx) => {
    const { lastSeq } = await changeCatalog(tx);
    await claimCustomFieldValues(tx, "billable_metric", null, data.customFields);
    const { id } = await tx.billableMetric.create({
      data: { ...data, eventTypeFilter: eventTypeFilter ?? undefined, backfillThroughSeq: lastSeq, backfilledSeq: 0n },
      select: { id: true },
    });
    const metric = await readBillableMetric(tx, id);
    await recordAudit(tx, ctx.actor, { action: "billable_metric.create", objectType: "billable_metric", objectId: id, after: metric });
    return metric;
  });
}
