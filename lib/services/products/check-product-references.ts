import type { ProductType } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { productDefinitionIssues, type ProductDefinition } from "./schemas";

/**
 * Refuses a definition that does not fit its product type or names what does not exist: a
 * USAGE product's metric must be live, and its pricing and presentation group keys together
 * must be one of the metric's group keys (Metronome's rule: "the superset of values in the
 * pricing group key and presentation group key must be set as one compound group key on the
 * billable metric"); a COMPOSITE product's products must exist and not be composite themselves.
 * An update (`previous` given) that keeps an archived metric is allowed: archiving a metric must
 * not freeze the products it measures.
 */
export async function checkProductReferences(
  tx: Prisma.TransactionClient,
  type: ProductType,
  definition: ProductDefinition,
  previous?: { id: string; definition: ProductDefinition },
): Promise<void> {
  const fields = productDefinitionIssues(type, definition);
  if (type === "USAGE" && definition.billableMetricId && !fields.billable_metric_id) {
    const metric = await tx.billableMetric.findUnique({
      where: { id: definition.billableMetricId },
      select: { name: true, archivedAt: true, groupKeys: true },
    });
    if (!metric) throw new AppError("not_found", "No billable metric has that id.", { billable_metric_id: "No billable metric has that id" });
    if (metric.archivedAt && definition.billableMetricId !== previous?.definition.billableMetricId) {
      fields.billable_metric_id = `The billable metric “${metric.name}” is archived`;
    }
    const keys = new Set([...definition.pricingGroupKey, ...definition.presentationGroupKey]);
    const groupKeys = (metric.groupKeys as string[][] | null) ?? [];
    if (keys.size > 0 && !groupKeys.some((g) => g.length === keys.size && g.every((k) => keys.has(k)))) {
      const offered = groupKeys.length ? groupKeys.map((g) => `[${g.join(", ")}]`).join(", ") : "none";
      const message = `Together, pricing_group_key and presentation_group_key must be one of the metric's group keys (it has ${offered})`;
      fields[definition.pricingGroupKey.length ? "pricing_group_key" : "presentation_group_key"] = message;
    }
  }
  if (type === "COMPOSITE" && definition.compositeProductIds.length > 0) {
    const ids = [...new Set(definition.compositeProductIds)];
    if (previous && ids.includes(previous.id)) fields.composite_product_ids = "A composite product cannot include itself";
    const found = await tx.product.findMany({ where: { id: { in: ids } }, select: { id: true, type: true } });
    const missing = ids.filter((id) => !found.some((p) => p.id === id));
    if (missing.length) fields.composite_product_ids = `No product has the id ${missing.join(", ")}`;
    else if (found.some((p) => p.type === "COMPOSITE")) fields.composite_product_ids = "A composite product cannot include another composite product";
  }
  const entries = Object.entries(fields);
  if (entries.length) throw new AppError("bad_request", `Invalid request: ${entries.map(([f, m]) => `${f}: ${m}`).join("; ")}`, fields);
}
