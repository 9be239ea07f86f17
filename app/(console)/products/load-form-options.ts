import { listBillableMetrics } from "@/lib/services/billable-metrics/list-billable-metrics";
import type { ServiceContext } from "@/lib/services/context";
import { listProducts } from "@/lib/services/products/list-products";
import type { MetricOption } from "./product-form";

/** What the product form offers: live metrics with their group keys, and products a composite may cover. */
export async function loadFormOptions(ctx: ServiceContext, excludeId?: string): Promise<{ metrics: MetricOption[]; products: { id: string; name: string }[] }> {
  const [metrics, products] = await Promise.all([listBillableMetrics(ctx, { sort: "name", limit: 100 }), listProducts(ctx, { sort: "name", limit: 100 })]);
  return {
    metrics: metrics.data.map((m) => ({ id: m.id, name: m.name, groupKeys: m.groupKeys })),
    products: products.data.filter((p) => p.type !== "COMPOSITE" && p.id !== excludeId).map((p) => ({ id: p.id, name: p.current.name })),
  };
}
