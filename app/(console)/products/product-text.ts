import type { ProductVersionRecord } from "@/lib/services/products/product-record";
import type { ProductDraft } from "./product-form";

// A product's definition in words and as the form's draft, for the list and the detail page.

export const PRODUCT_TYPE_LABELS = { USAGE: "Usage", SUBSCRIPTION: "Subscription", FIXED: "Fixed", COMPOSITE: "Composite" } as const;

/** One line per setting that is set: what a version of the product says. */
export function definitionLines(v: ProductVersionRecord): [string, string][] {
  const lines: [string, string][] = [["Name", v.name]];
  if (v.billableMetric) lines.push(["Billable metric", v.billableMetric.name]);
  if (v.pricingGroupKey.length) lines.push(["Prices by", v.pricingGroupKey.join(" + ")]);
  if (v.presentationGroupKey.length) lines.push(["Invoice lines by", v.presentationGroupKey.join(" + ")]);
  if (v.quantityConversion) lines.push(["Quantity", `${v.quantityConversion.operation === "DIVIDE" ? "divided" : "multiplied"} by ${v.quantityConversion.conversionFactor.toFixed()}`]);
  if (v.quantityRounding) lines.push(["Rounding", `${v.quantityRounding.roundingMethod.replace("ROUND_", "").replace("_", " ").toLowerCase()} to ${v.quantityRounding.decimalPlaces} decimal places`]);
  if (v.compositeTags.length) lines.push(["Covers tags", v.compositeTags.join(", ")]);
  if (v.excludeFreeUsage) lines.push(["Free usage", "left out"]);
  lines.push(["Tags", v.tags.join(", ") || "—"]);
  return lines;
}

/** What a version changed from the one before it, as "label: old → new". */
export function versionChanges(previous: ProductVersionRecord, v: ProductVersionRecord): string[] {
  const before = new Map(definitionLines(previous));
  const after = new Map(definitionLines(v));
  const labels = [...new Set([...before.keys(), ...after.keys()])];
  return labels.filter((l) => before.get(l) !== after.get(l)).map((l) => `${l}: ${before.get(l) ?? "—"} → ${after.get(l) ?? "—"}`);
}

export function toDraft(type: ProductDraft["type"], v: ProductVersionRecord): ProductDraft {
  return {
    name: v.name,
    type,
    billableMetricId: v.billableMetricId ?? "",
    pricingGroupKey: v.pricingGroupKey,
    presentationGroupKey: v.presentationGroupKey,
    conversionOperation: v.quantityConversion?.operation ?? "",
    conversionFactor: v.quantityConversion?.conversionFactor.toFixed() ?? "",
    roundingMethod: v.quantityRounding?.roundingMethod ?? "",
    roundingPlaces: v.quantityRounding ? String(v.quantityRounding.decimalPlaces) : "0",
    tags: v.tags,
    compositeProductIds: v.compositeProductIds,
    compositeTags: v.compositeTags,
    excludeFreeUsage: v.excludeFreeUsage,
  };
}
