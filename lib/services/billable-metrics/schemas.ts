import { z } from "zod";
import type { AggregationType } from "@/lib/billing/types";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZCustomFields, ZFlag, ZId } from "@/lib/services/zod-fields";

// A metric's definition arrives as Metronome's body (snake_case). It is stored in the same form
// in the JSON columns (see prisma/schema.prisma), which lib/metering reads back.

const AGGREGATION_TYPES = ["COUNT", "SUM", "MAX", "UNIQUE", "LATEST"] as const satisfies readonly AggregationType[];

const ZValue = z.string().max(256, "A value is at most 256 characters");
const ZValues = z.array(ZValue).min(1, "List at least one value, or leave the list out").max(1000);
const ZPropertyName = z.string().trim().min(1, "Name the property").max(256);

const ZEventTypeFilter = z
  .object({ in_values: ZValues.nullish(), not_in_values: ZValues.nullish() })
  .refine((f) => f.in_values || f.not_in_values, "Give in_values or not_in_values, or leave the filter out");

const ZPropertyFilter = z
  .object({ name: ZPropertyName, exists: z.boolean().nullish(), in_values: ZValues.nullish(), not_in_values: ZValues.nullish() })
  .refine((f) => !(f.exists === false && (f.in_values || f.not_in_values)), {
    message: "A property that must be absent cannot also be matched against values",
    path: ["exists"],
  });

// Metronome documents the upper case; its older clients send lower case, which it also takes.
const ZAggregationType = z
  .string({ error: "Choose COUNT, SUM, MAX, UNIQUE or LATEST" })
  .transform((type) => type.toUpperCase())
  .pipe(z.enum(AGGREGATION_TYPES, { error: "Choose COUNT, SUM, MAX, UNIQUE or LATEST" }));

// What one metric may ask of the rollups. They are kept per distinct property of all group keys
// together (every rollup row and every read carries that tuple), and every filter and group
// property is read from each event the rollup job folds in, for every metric in one statement:
// limits that keep a metric's share of that work, and of the statement, small.
export const MAX_GROUP_KEYS = 10;
export const MAX_PROPERTIES_PER_GROUP_KEY = 10;
export const MAX_GROUPED_PROPERTIES = 20;
export const MAX_PROPERTY_FILTERS = 50;

const ZGroupKeys = z
  .array(
    z
      .array(ZPropertyName)
      .min(1, "A group key names at least one property")
      .max(MAX_PROPERTIES_PER_GROUP_KEY, `A group key names at most ${MAX_PROPERTIES_PER_GROUP_KEY} properties`),
  )
  .max(MAX_GROUP_KEYS, `At most ${MAX_GROUP_KEYS} group keys`)
  .refine((keys) => new Set(keys.flat()).size <= MAX_GROUPED_PROPERTIES, `The group keys name at most ${MAX_GROUPED_PROPERTIES} different properties together`);

const definitionShape = {
  event_type_filter: ZEventTypeFilter.nullish(),
  property_filters: z.array(ZPropertyFilter).max(MAX_PROPERTY_FILTERS, `At most ${MAX_PROPERTY_FILTERS} property filters`).nullish(),
  aggregation_type: ZAggregationType,
  aggregation_key: ZPropertyName.nullish(),
  group_keys: ZGroupKeys.nullish(),
};
type DefinitionInput = z.infer<z.ZodObject<typeof definitionShape>>;

function checkDefinition(d: DefinitionInput, ctx: z.RefinementCtx) {
  const filters = d.property_filters ?? [];
  filters.forEach((filter, i) => {
    if (filters.findIndex((f) => f.name === filter.name) !== i) {
      ctx.addIssue({ code: "custom", path: ["property_filters", i, "name"], message: `“${filter.name}” has a filter already; combine them` });
    }
  });
  if (d.aggregation_type === "COUNT") {
    if (d.aggregation_key) ctx.addIssue({ code: "custom", path: ["aggregation_key"], message: "COUNT counts events; it takes no aggregation_key" });
    return;
  }
  if (!d.aggregation_key) {
    ctx.addIssue({ code: "custom", path: ["aggregation_key"], message: `${d.aggregation_type} needs an aggregation_key: the property it reads` });
  } else if (!filters.some((f) => f.name === d.aggregation_key)) {
    // As in Metronome: the aggregated property is declared among the filters.
    ctx.addIssue({
      code: "custom",
      path: ["aggregation_key"],
      message: `Must be one of the property filters' names; add a filter for “${d.aggregation_key}” (e.g. exists: true)`,
    });
  }
}

/** Without nulls, as stored: absent and null mean the same on the wire. */
function storedDefinition(d: DefinitionInput) {
  const values = (f: { in_values?: string[] | null; not_in_values?: string[] | null }) => ({
    ...(f.in_values ? { in_values: f.in_values } : {}),
    ...(f.not_in_values ? { not_in_values: f.not_in_values } : {}),
  });
  return {
    aggregationType: d.aggregation_type,
    aggregationKey: d.aggregation_key ?? null,
    eventTypeFilter: d.event_type_filter ? values(d.event_type_filter) : null,
    propertyFilters: (d.property_filters ?? []).map((f) => ({ name: f.name, ...(f.exists != null ? { exists: f.exists } : {}), ...values(f) })),
    groupKeys: d.group_keys ?? [],
  };
}
export type StoredMetricDefinition = ReturnType<typeof storedDefinition>;

export const ZCreateBillableMetric = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(200),
    custom_fields: ZCustomFields.optional(),
    sql: z.never({ error: "SQL billable metrics are not supported; define the metric with filters and an aggregation" }).optional(),
    ...definitionShape,
  })
  .superRefine(checkDefinition)
  .transform((input) => ({ name: input.name, customFields: input.custom_fields ?? {}, ...storedDefinition(input) }));
export type TCreateBillableMetric = z.input<typeof ZCreateBillableMetric>;

/** A draft definition (a name is not needed) and, optionally, the one customer to preview. */
export const ZPreviewBillableMetric = z
  .object({ customer_id: ZId.nullish(), ...definitionShape })
  .superRefine(checkDefinition)
  .transform((input) => ({ customerId: input.customer_id ?? null, definition: storedDefinition(input) }));
export type TPreviewBillableMetric = z.input<typeof ZPreviewBillableMetric>;

export const ZListBillableMetrics = ZPageParams.extend({
  include_archived: ZFlag.optional(),
  // The console's search box and column sorting.
  search: z.string().trim().max(200).optional(),
  sort: z.enum(["created_at", "name"]).default("created_at"),
  order: ZSortOrder.default("asc"),
});
export type TListBillableMetrics = z.input<typeof ZListBillableMetrics>;

export const ZArchiveBillableMetric = z.object({ id: ZId });
export type TArchiveBillableMetric = z.input<typeof ZArchiveBillableMetric>;
