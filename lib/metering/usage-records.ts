import type { UsagePlan } from "@/lib/billing/usage-plan";
import type { UsageRecord, Window } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { MetricDefinition } from "./metric-definition";
import { queryUsageBatch, type UsageBucket, type UsageRequest } from "./usage-query";

/**
 * The usage an invoice plan asks for, from the rollups: for each planned product and window,
 * the metric's quantity per tuple of the product's group keys (of the events in the window's
 * scope, when the contract's usage filter gives it one), in one round trip. Products that share
 * a metric, keys, windows and scope share the aggregate.
 */
export async function usageForPlan(
  db: PrismaClient | Prisma.TransactionClient,
  customerId: string,
  plan: UsagePlan,
  metrics: ReadonlyMap<string, MetricDefinition>,
  /** How to run the requests: by default one queryUsageBatch; a caller pricing many customers at once batches across them. */
  query: (requests: UsageRequest[]) => Promise<UsageBucket[][]> = (requests) => queryUsageBatch(db, requests),
): Promise<UsageRecord[]> {
  const requests: UsageRequest[] = [];
  const index = new Map<string, number>();
  const wanted: { productId: string; window: Window; request: number }[] = [];
  for (const planned of plan.products) {
    const metric = metrics.get(planned.billableMetricId)!;
    for (const window of planned.windows) {
      const scope = window.scope;
      const key = `${metric.id}|${window.startingAt.getTime()}|${window.endingBefore.getTime()}|${JSON.stringify(planned.groupKeys)}|${scope ? JSON.stringify(scope) : ""}`;
      let i = index.get(key);
      if (i === undefined) {
        const groupFilter = scope ? { [scope.groupKey]: scope.groupValues } : undefined;
        i = requests.push({ customerId, metric, startingOn: window.startingAt, endingBefore: window.endingBefore, windowSize: "NONE", groupBy: planned.groupKeys, ...(groupFilter ? { groupFilter } : {}) }) - 1;
        index.set(key, i);
      }
      wanted.push({ productId: planned.productId, window, request: i });
    }
  }
  const results = await query(requests);
  return wanted.flatMap(({ productId, window, request }) =>
    (results[request]![0]?.groups ?? []).map((group) => ({
      productId,
      groupValues: group.groupValues,
      quantity: group.value,
      startingAt: window.startingAt,
      endingBefore: window.endingBefore,
    })),
  );
}
