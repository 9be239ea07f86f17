import { z } from "zod";
import type { Decimal } from "@/lib/billing/decimal";
import type { ProductType } from "@/lib/billing/types";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZCustomFields, ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZHourInstant, ZNames, ZPositiveDecimal } from "@/lib/services/zod-pricing";

// Products arrive in Metronome's body shapes (snake_case, ProductCreateParams and
// ProductUpdateParams in @metronome/sdk) and leave these schemas as a `ProductDefinition`: the
// part of a product that can change over time, one ProductVersion row per change.

export const PRODUCT_TYPES = ["USAGE", "SUBSCRIPTION", "FIXED", "COMPOSITE"] as const satisfies readonly ProductType[];

export type QuantityConversionInput = { conversionFactor: Decimal; operation: "MULTIPLY" | "DIVIDE"; name?: string };
export type QuantityRoundingInput = { decimalPlaces: number; roundingMethod: "ROUND_UP" | "ROUND_DOWN" | "ROUND_HALF_UP" };

export type ProductDefinition = {
  name: string;
  billableMetricId: string | null;
  pricingGroupKey: string[];
  presentationGroupKey: string[];
  quantityConversion: QuantityConversionInput | null;
  quantityRounding: QuantityRoundingInput | null;
  tags: string[];
  compositeProductIds: string[];
  compositeTags: string[];
  excludeFreeUsage: boolean;
  isRefundable: boolean;
};

const ZProductType = z.enum(PRODUCT_TYPES, {
  error: (issue) =>
    issue.input === "PROFESSIONAL_SERVICE" || issue.input === "PRO_SERVICE"
      ? "Professional service products are not supported; use FIXED"
      : "Choose USAGE, SUBSCRIPTION, FIXED or COMPOSITE",
});

const ZQuantityConversion = z
  .object({
    conversion_factor: ZPositiveDecimal,
    operation: z.enum(["MULTIPLY", "DIVIDE"], "Choose MULTIPLY or DIVIDE"),
    name: z.string().trim().max(200).optional(),
  })
  .transform((c): QuantityConversionInput => ({ conversionFactor: c.conversion_factor, operation: c.operation, ...(c.name ? { name: c.name } : {}) }));

const ZQuantityRounding = z
  .object({
    decimal_places: z.number("Must be a whole number").int("Must be a whole number").min(0, "Must not be negative").max(30, "At most 30"),
    rounding_method: z.enum(["ROUND_UP", "ROUND_DOWN", "ROUND_HALF_UP"], "Choose ROUND_UP, ROUND_DOWN or ROUND_HALF_UP"),
  })
  .transform((r): QuantityRoundingInput => ({ decimalPlaces: r.decimal_places, roundingMethod: r.rounding_method }));

// Every definition field, optional: creation fills defaults, an update keeps what it leaves out.
const definitionShape = {
  name: z.string("Enter a name").trim().min(1, "Enter a name").max(200, "At most 200 characters").optional(),
  billable_metric_id: ZId.optional(),
  pricing_group_key: ZNames.optional(),
  presentation_group_key: ZNames.optional(),
  quantity_conversion: ZQuantityConversion.nullish(),
  quantity_rounding: ZQuantityRounding.nullish(),
  tags: ZNames.optional(),
  composite_product_ids: z.array(ZId).max(100, "At most 100 products").optional(),
  composite_tags: ZNames.optional(),
  exclude_free_usage: ZFlag.optional(),
  is_refundable: ZFlag.optional(),
};

type DefinitionFields = z.infer<z.ZodObject<typeof definitionShape>>;

/** The fields a request set, over `base` (an update keeps the rest; null clears a setting). */
function applyFields(base: ProductDefinition, f: DefinitionFields): ProductDefinition {
  return {
    name: f.name ?? base.name,
    billableMetricId: f.billable_metric_id ?? base.billableMetricId,
    pricingGroupKey: f.pricing_group_key ?? base.pricingGroupKey,
    presentationGroupKey: f.presentation_group_key ?? base.presentationGroupKey,
    quantityConversion: f.quantity_conversion === undefined ? base.quantityConversion : f.quantity_conversion,
    quantityRounding: f.quantity_rounding === undefined ? base.quantityRounding : f.quantity_rounding,
    tags: f.tags ?? base.tags,
    compositeProductIds: f.composite_product_ids ?? base.compositeProductIds,
    compositeTags: f.composite_tags ?? base.compositeTags,
    excludeFreeUsage: f.exclude_free_usage ?? base.excludeFreeUsage,
    isRefundable: f.is_refundable ?? base.isRefundable,
  };
}

const EMPTY_DEFINITION: ProductDefinition = {
  name: "",
  billableMetricId: null,
  pricingGroupKey: [],
  presentationGroupKey: [],
  quantityConversion: null,
  quantityRounding: null,
  tags: [],
  compositeProductIds: [],
  compositeTags: [],
  excludeFreeUsage: false,
  isRefundable: true,
};

/**
 * What a product of `type` may carry, as in Metronome: metrics, group keys and quantity shaping
 * belong to USAGE products, the spend a percentage covers to COMPOSITE ones. Keyed by the wire
 * field, so both a create (through zod) and an update (after merging) can name the field.
 */
export function productDefinitionIssues(type: ProductType, d: ProductDefinition): Record<string, string> {
  const issues: Record<string, string> = {};
  const only = (field: string, set: boolean, allowed: ProductType) => {
    if (set && type !== allowed) issues[field] = `Only ${allowed} products take ${field}; this is a ${type} product`;
  };
  if (!d.name) issues.name = "Enter a name";
  if (type === "USAGE" && !d.billableMetricId) issues.billable_metric_id = "A USAGE product needs the billable metric that measures it";
  only("billable_metric_id", d.billableMetricId !== null, "USAGE");
  only("pricing_group_key", d.pricingGroupKey.length > 0, "USAGE");
  only("presentation_group_key", d.presentationGroupKey.length > 0, "USAGE");
  only("quantity_conversion", d.quantityConversion !== null, "USAGE");
  only("quantity_rounding", d.quantityRounding !== null, "USAGE");
  if (type === "COMPOSITE" && d.compositeProductIds.length === 0 && d.compositeTags.length === 0) {
    issues.composite_product_ids = "A COMPOSITE product needs composite_product_ids or composite_tags: the spend it is a percentage of";
  }
  only("composite_product_ids", d.compositeProductIds.length > 0, "COMPOSITE");
  only("composite_tags", d.compositeTags.length > 0, "COMPOSITE");
  only("exclude_free_usage", d.excludeFreeUsage, "COMPOSITE");
  return issues;
}

// Custom fields are the product's, not a version's: only creation takes them (later, setValues).
export const ZCreateProduct = z
  .object({ type: ZProductType, ...definitionShape, custom_fields: ZCustomFields.optional() })
  .transform((input, ctx) => {
    const { type, custom_fields, ...fields } = input;
    const definition = applyFields(EMPTY_DEFINITION, fields);
    for (const [path, message] of Object.entries(productDefinitionIssues(type, definition))) ctx.addIssue({ code: "custom", path: [path], message });
    return { type, definition, customFields: custom_fields ?? {} };
  });
export type TCreateProduct = z.input<typeof ZCreateProduct>;

export const ZUpdateProduct = z
  .object({ product_id: ZId, starting_at: ZHourInstant, ...definitionShape })
  .transform(({ product_id, starting_at, ...fields }) => ({
    productId: product_id,
    startingAt: starting_at,
    /** The new definition, given the one in force at `startingAt`. */
    apply: (base: ProductDefinition) => applyFields(base, fields),
    changed: Object.keys(fields).filter((k) => fields[k as keyof DefinitionFields] !== undefined),
  }));
export type TUpdateProduct = z.input<typeof ZUpdateProduct>;

// Any text: an id that is not a UUID names no product, which is a 404 like an unknown one.
export const ZGetProduct = z.object({ id: z.string("Give the product's id") });
export type TGetProduct = z.input<typeof ZGetProduct>;

export const ZArchiveProduct = z.object({ product_id: ZId });
export type TArchiveProduct = z.input<typeof ZArchiveProduct>;

export const ZListProducts = ZPageParams.extend({
  archive_filter: z.enum(["ARCHIVED", "NOT_ARCHIVED", "ALL"], "Choose ARCHIVED, NOT_ARCHIVED or ALL").default("NOT_ARCHIVED"),
  // The console's search box, type filter and column sorting (extensions to Metronome's list).
  search: z.string().trim().max(200).optional(),
  type: ZProductType.optional(),
  sort: z.enum(["created_at", "name"]).default("created_at"),
  order: ZSortOrder.default("asc"),
});
export type TListProducts = z.input<typeof ZListProducts>;
