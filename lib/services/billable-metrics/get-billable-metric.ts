import type { ServiceContext } from "@/lib/services/context";
import { readBillableMetric, type BillableMetricRecord } from "./billable-metric-record";

export function getBillableMetric(ctx: ServiceContext, metricId: string): Promise<BillableMetricRecord> {
  return readBillableMetric(ctx.db, metricId);
}
