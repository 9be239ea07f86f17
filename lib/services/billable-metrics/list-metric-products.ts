import type { ServiceContext } from "@/lib/services/context";
import { PRODUCT_SELECT, toProductRecord } from "@/lib/services/products/product-record";

export type MetricProduct = { id: string; name: string; archived: boolean; /** Its definition in force now measures with this metric (not only an earlier one). */ current: boolean };

/** The products that bill with a metric, in any of their versions, current users first. */
export async function listMetricProducts(ctx: ServiceContext, metricId: string, now = new Date()): Promise<MetricProduct[]> {
  const rows = await ctx.db.product.findMany({ where: { versions: { some: { billableMetricId: metricId } } }, select: PRODUCT_SELECT });
  return rows
    .map((row) => {
      const record = toProductRecord(row, now);
      return { id: record.id, name: record.current.name, archived: record.archivedAt !== null, current: record.current.billableMetricId === metricId };
    })
    .sort((a, b) => (a.current === b.current ? 0 : a.current ? -1 : 1) || a.name.localeCompare(b.name));
}
