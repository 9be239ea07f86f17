import type { ProductListResponse } from "@metronome/sdk/resources/v1/contracts/products";
import type { ProductRecord, ProductVersionRecord } from "@/lib/services/products/product-record";
import type { OnWire } from "./sdk-shape";

// Products in Metronome's wire shapes (ProductListResponse / ProductRetrieveResponse.Data and
// ProductListItemState in @metronome/sdk): `initial` is the first version, `current` the one in
// force now, and `updates` each later version with the fields it changed.

/** A version's fields as Metronome names them; those that do not apply to the type are left out. */
function definitionToWire(type: ProductRecord["type"], v: ProductVersionRecord) {
  return {
    name: v.name,
    ...(v.billableMetricId ? { billable_metric_id: v.billableMetricId } : {}),
    ...(type === "USAGE" ? { pricing_group_key: v.pricingGroupKey, presentation_group_key: v.presentationGroupKey } : {}),
    ...(type === "USAGE"
      ? {
          quantity_conversion: v.quantityConversion && {
            conversion_factor: v.quantityConversion.conversionFactor,
            operation: v.quantityConversion.operation,
            ...(v.quantityConversion.name ? { name: v.quantityConversion.name } : {}),
          },
          quantity_rounding: v.quantityRounding && { decimal_places: v.quantityRounding.decimalPlaces, rounding_method: v.quantityRounding.roundingMethod },
        }
      : {}),
    ...(type === "COMPOSITE" ? { composite_product_ids: v.compositeProductIds, composite_tags: v.compositeTags, exclude_free_usage: v.excludeFreeUsage } : {}),
    is_refundable: v.isRefundable,
    tags: v.tags,
  };
}

function bookkeeping(v: ProductVersionRecord) {
  return { created_at: v.createdAt.toISOString(), created_by: v.createdBy ?? "", starting_at: v.startingAt.toISOString() };
}

function stateToWire(type: ProductRecord["type"], v: ProductVersionRecord) {
  return { ...bookkeeping(v), ...definitionToWire(type, v) };
}

/** An update as Metronome lists it: only the fields that differ from the version before it. */
function updateToWire(type: ProductRecord["type"], previous: ProductVersionRecord, v: ProductVersionRecord) {
  const before: Record<string, unknown> = definitionToWire(type, previous);
  const changed = Object.entries(definitionToWire(type, v)).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]));
  return { ...bookkeeping(v), ...Object.fromEntries(changed) };
}

export function productToWire(p: ProductRecord) {
  return {
    id: p.id,
    type: p.type,
    initial: stateToWire(p.type, p.initial),
    current: stateToWire(p.type, p.current),
    updates: p.versions.slice(1).map((v, i) => updateToWire(p.type, p.versions[i]!, v)),
    archived_at: p.archivedAt?.toISOString() ?? null,
    custom_fields: p.customFields,
  } satisfies OnWire<ProductListResponse>;
}
