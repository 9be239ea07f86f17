import { z } from "zod";
import { ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZNonNegativeDecimal } from "@/lib/services/zod-pricing";

// Metronome's alert bodies (v1/alerts.ts and v1/customers/alerts.ts in @metronome/sdk). The
// console's form posts the same body, so both are checked by these schemas.

/** The alert types Rateline evaluates; Metronome's others are refused by name. */
export const ALERT_TYPES = [
  "low_credit_balance_reached",
  "low_remaining_contract_credit_balance_reached",
  "low_remaining_commit_balance_reached",
  "low_remaining_contract_credit_and_commit_balance_reached",
  "spend_threshold_reached",
  "monthly_invoice_total_spend_threshold_reached",
  "usage_threshold_reached",
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

const NOT_SUPPORTED = [
  "low_remaining_days_in_plan_reached",
  "low_remaining_credit_percentage_reached",
  "low_remaining_days_for_commit_segment_reached",
  "low_remaining_commit_percentage_reached",
  "low_remaining_days_for_contract_credit_segment_reached",
  "low_remaining_contract_credit_percentage_reached",
  "invoice_total_reached",
  "low_remaining_seat_balance_reached",
];

const ZAlertType = z.enum(ALERT_TYPES, {
  error: (issue) =>
    NOT_SUPPORTED.includes(String(issue.input))
      ? `${String(issue.input)} is a Metronome alert type Rateline does not evaluate yet; choose one of ${ALERT_TYPES.join(", ")}`
      : `Choose one of ${ALERT_TYPES.join(", ")}`,
});

/** Metronome fields Rateline cannot honour yet: refused, so nothing is silently dropped. */
const unsupported = (message: string) =>
  z
    .unknown()
    .refine((v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0), message)
    .optional();

const ZGroupValue = z.object({
  key: z.string("Name the group key").trim().min(1, "Name the group key").max(256),
  value: z.string("Give the group value the alert watches; an alert per value of a key is not supported").max(256),
});

export const ZCreateAlert = z
  .object({
    alert_type: ZAlertType,
    name: z.string("Enter a name").trim().min(1, "Enter a name").max(200),
    threshold: ZNonNegativeDecimal,
    billable_metric_id: ZId.nullish(),
    credit_type_id: ZId.nullish(),
    customer_id: ZId.nullish(),
    evaluate_on_create: ZFlag.optional(),
    group_values: z.array(ZGroupValue).max(20, "At most 20 group values").nullish(),
    uniqueness_key: z.string().min(1, "A uniqueness key is 1 to 128 characters").max(128, "A uniqueness key is 1 to 128 characters").nullish(),
    alert_specifiers: unsupported("alert_specifiers are not supported; the alert counts every balance of the credit type"),
    credit_grant_type_filters: unsupported("credit_grant_type_filters are not supported"),
    custom_field_filters: unsupported("custom_field_filters are not supported"),
    invoice_types_filter: unsupported("invoice_types_filter applies to invoice_total_reached, which is not supported"),
    plan_id: unsupported("Rateline has contracts, not plans; leave plan_id out"),
    seat_filter: unsupported("Seat alerts are not supported"),
  })
  .superRefine((input, ctx) => {
    const usage = input.alert_type === "usage_threshold_reached";
    if (usage && !input.billable_metric_id) {
      ctx.addIssue({ code: "custom", path: ["billable_metric_id"], message: "usage_threshold_reached needs the billable_metric_id whose usage it watches" });
    }
    if (!usage && input.billable_metric_id) {
      ctx.addIssue({ code: "custom", path: ["billable_metric_id"], message: "Only usage_threshold_reached watches a billable metric" });
    }
    if (usage && input.credit_type_id) {
      ctx.addIssue({ code: "custom", path: ["credit_type_id"], message: "A usage alert counts the metric's units, not money; leave credit_type_id out" });
    }
    if (input.group_values?.length && !usage && input.alert_type !== "spend_threshold_reached") {
      ctx.addIssue({ code: "custom", path: ["group_values"], message: "Only usage_threshold_reached and spend_threshold_reached take group_values" });
    }
    const keys = (input.group_values ?? []).map((g) => g.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", path: ["group_values"], message: "Each group key at most once" });
  })
  .transform((input) => ({
    type: input.alert_type,
    name: input.name,
    threshold: input.threshold,
    billableMetricId: input.billable_metric_id ?? null,
    creditTypeId: input.credit_type_id ?? null,
    customerId: input.customer_id ?? null,
    evaluateOnCreate: input.evaluate_on_create ?? true,
    groupValues: input.group_values?.length ? Object.fromEntries(input.group_values.map((g) => [g.key, g.value])) : null,
    uniquenessKey: input.uniqueness_key ?? null,
  }));
export type TCreateAlert = z.input<typeof ZCreateAlert>;

export const ZArchiveAlert = z.object({ id: ZId, release_uniqueness_key: ZFlag.optional() });
export type TArchiveAlert = z.input<typeof ZArchiveAlert>;

const ALERT_STATUSES = ["ENABLED", "DISABLED", "ARCHIVED"] as const;

export const ZListCustomerAlerts = z.object({
  customer_id: ZId,
  // Metronome's default: the enabled alerts only.
  alert_statuses: z
    .array(
      z
        .string()
        .transform((s) => s.toUpperCase())
        .pipe(z.enum(ALERT_STATUSES, "Choose ENABLED, DISABLED or ARCHIVED")),
    )
    .max(3)
    .optional(),
  next_page: z.string().max(500).optional(),
});
export type TListCustomerAlerts = z.input<typeof ZListCustomerAlerts>;

export const ZCustomerAlertId = z.object({
  alert_id: ZId,
  customer_id: ZId,
  group_values: unsupported("An alert's group values are fixed when it is created; leave group_values out"),
  alert_specifiers: unsupported("alert_specifiers are not supported"),
  seat_filter: unsupported("Seat alerts are not supported"),
  plans_or_contracts: z.enum(["PLANS", "CONTRACTS"]).optional(),
});
export type TCustomerAlertId = z.input<typeof ZCustomerAlertId>;

export const ZListAlerts = z.object({ include_archived: ZFlag.optional() });
export type TListAlerts = z.input<typeof ZListAlerts>;
