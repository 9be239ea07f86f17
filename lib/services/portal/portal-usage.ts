import { ZERO, type Decimal } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { GroupValues } from "@/lib/billing/types";
import { queryUsageBatch } from "@/lib/metering/usage-query";
import { currentDrafts, currentSpan, usageWindowSize } from "@/lib/services/invoices/current-period";
import { groupLabel } from "./group-label";

// The portal's Usage page: for each usage product billed in the current period, the metric's
// quantity per day (per hour in periods of three days or less), split by the product's
// presentation group key (else its pricing group key), and period totals. Read from the rollups.

type Db = PrismaClient | Prisma.TransactionClient;

export type PortalUsage = {
  period: { startingOn: string; endingBefore: string } | null;
  windowSize: "DAY" | "HOUR";
  products: {
    name: string;
    metricName: string;
    groupKey: string | null;
    groups: string[];
    total: string;
    groupTotals: { group: string; quantity: string }[];
    buckets: { startingOn: string; values: Record<string, string> }[];
  }[];
};

const NO_GROUP = "Total";

export async function readPortalUsage(db: Db, customerId: string, now: Date): Promise<PortalUsage> {
  const drafts = await currentDrafts(db, customerId, now);
  const span = currentSpan(drafts);
  if (!span) return { period: null, windowSize: "DAY", products: [] };
  const { startingAt: start, endingBefore: end } = span;
  const windowSize = usageWindowSize(span);

  const seen = new Set<string>();
  const products: PortalUsage["products"] = [];
  for (const draft of drafts) {
    const billed = new Set(draft.invoice.lines.filter((l) => l.type === "USAGE" && l.productId).map((l) => l.productId!));
    for (const productId of [...billed].sort()) {
      const product = draft.pricing.products.get(productId);
      const metric = product?.billableMetricId ? draft.pricing.metrics.get(product.billableMetricId) : undefined;
      if (!product || !metric || seen.has(product.id)) continue;
      seen.add(product.id);
      const keys = (product.presentationGroupKey?.length ? product.presentationGroupKey : product.pricingGroupKey ?? []).filter((k) =>
        metric.rollupKeys.includes(k),
      );
      // The buckets, then the period's value per group and in all, each read whole: a maximum,
      // a distinct count or a latest value is not the sum of its buckets.
      const request = { customerId, metric, startingOn: start, endingBefore: end, windowSize, groupBy: keys };
      const [result, periodByGroup, period] = await queryUsageBatch(db, [request, { ...request, windowSize: "NONE" }, { ...request, windowSize: "NONE", groupBy: [] }]);
      const byGroup = periodByGroup?.[0];
      const whole = period?.[0];
      const label = (g: { groupValues: GroupValues }) => (keys.length ? (groupLabel(g.groupValues) ?? "(none)") : NO_GROUP);
      const buckets = result!.map((bucket) => ({
        startingOn: bucket.startingOn.toISOString(),
        values: Object.fromEntries(bucket.groups.map((g) => [label(g), g.value.toFixed()])),
      }));
      const totals = new Map<string, Decimal>((byGroup?.groups ?? []).map((g): [string, Decimal] => [label(g), g.value]));
      const groups = [...totals.keys()].sort();
      products.push({
        name: product.name,
        metricName: metric.name,
        groupKey: keys.length ? keys.join(", ") : null,
        groups,
        total: (whole?.groups[0]?.value ?? ZERO).toFixed(),
        groupTotals: groups.map((group) => ({ group, quantity: totals.get(group)!.toFixed() })),
        buckets,
      });
    }
  }
  return { period: { startingOn: start.toISOString(), endingBefore: end.toISOString() }, windowSize, products };
}
