import type { UsagePlan } from "@/lib/billing/usage-plan";
import type { UsageRecord } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { MetricDefinition } from "./metric-definition";
import { queryUsage } from "./usage-query";

/**
 * The usage an invoice plan asks for, from the rollups: for each planned product and window,
 * the metric's quantity per tuple of the product's group keys. Products that share a metric,
 * keys and windows share the query.
 */
export async function usageForPlan(
  db: PrismaClient | Prisma.TransactionClient,
  customerId: string,
  plan: UsagePlan,
  metrics: ReadonlyMap<string, MetricDefinition>,
): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  const cache = new Map<string, Promise<Awaited<ReturnType<typeof queryUsage>>>>();
  for (const planned of plan.products) {
    const metric = metrics.get(planned.billableMetricId)!;
    for (const window of planned.windows) {
      const key = JSON.stringify([metric.id, planned.groupKeys, window.startingAt.getTime(), window.endingBefore.getTime()]);
      let result = cache.get(key);
      if (!result) {
        result = queryUsage(db, { customerId, metric, startingOn: window.startingAt, endingBefore: window.endingBefore, windowSize: "NONE", groupBy: planned.groupKeys });
        cache.set(key, result);
      }
      for (const group of (await result)[0]?.groups ?? []) {
        records.push({ productId: planned.productId, groupValues: group.groupValues, quantity: group.value, startingAt: window.startingAt, endingBefore: window.endingBefore });
      }
    }
  }
  return records;
}
