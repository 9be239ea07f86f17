import { changeCatalog, lockCatalogExclusive } from "@/lib/metering/catalog";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readBillableMetric, type BillableMetricRecord } from "./billable-metric-record";
import { ZArchiveBillableMetric, type TArchiveBillableMetric } from "./schemas";

/**
 * Archives a metric: it leaves the catalog, so ingest stops rolling up new events for it; the
 * usage rolled up so far stays. Archiving twice changes nothing.
 */
export async function archiveBillableMetric(ctx: ServiceContext, input: TArchiveBillableMetric): Promise<BillableMetricRecord> {
  authorize(ctx.actor, "pricing:write");
  const { id } = parseInput(ZArchiveBillableMetric, input);
  return ctx.db.$transaction(async (tx) => {
    await lockCatalogExclusive(tx);
    const before = await readBillableMetric(tx, id);
    if (before.archivedAt) return before;
    await changeCatalog(tx);
    await tx.billableMetric.update({ where: { id }, data: { archivedAt: new Date() } });
    const after = await readBillableMetric(tx, id);
    await recordAudit(tx, ctx.actor, {
      action: "billable_metric.archive",
      objectType: "billable_metric",
      objectId: id,
      before: { archivedAt: null },
      after: { archivedAt: after.archivedAt },
    });
    return after;
  });
}
