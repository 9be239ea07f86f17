import { z } from "zod";
import { sum } from "@/lib/billing/decimal";
import { ZPageParams } from "@/lib/services/pagination";
import { ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZHourInstant, ZInstant, ZNonNegativeDecimal } from "@/lib/services/zod-pricing";

// Metronome's invoice query strings (InvoiceListParams, InvoiceRetrieveParams in @metronome/sdk);
// the customer id comes from the path.

export const ZListInvoices = ZPageParams.extend({
  customer_id: ZId,
  contract_id: ZId.optional(),
  credit_type_id: ZId.optional(),
  status: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(["DRAFT", "FINALIZED", "VOID"], "Choose DRAFT, FINALIZED or VOID"))
    .optional(),
  // Rateline issues no consolidated invoices, so USAGE_CONSOLIDATED matches none. THRESHOLD (spend
  // threshold invoices, listed with the others when no type is given) is Rateline's own value.
  type: z.enum(["USAGE", "USAGE_CONSOLIDATED", "SCHEDULED", "THRESHOLD"], "Choose USAGE, USAGE_CONSOLIDATED, SCHEDULED or THRESHOLD").optional(),
  starting_on: ZInstant.optional(),
  ending_before: ZInstant.optional(),
  sort: z.enum(["date_asc", "date_desc"], "Choose date_asc or date_desc").default("date_asc"),
  skip_zero_qty_line_items: ZFlag.optional(),
  webhook_notification_id: z.string().max(200).optional(),
});
export type TListInvoices = z.input<typeof ZListInvoices>;

/** GET /v1/customers/{id}/invoices/breakdowns (InvoiceListBreakdownsParams). */
export const ZListInvoiceBreakdowns = ZPageParams.extend({
  customer_id: ZId,
  starting_on: ZInstant,
  ending_before: ZInstant,
  window_size: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(["HOUR", "DAY"], "Choose HOUR or DAY"))
    .default("DAY"),
  credit_type_id: ZId.optional(),
  // A void invoice bills nothing, so it has nothing to break down.
  status: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(["DRAFT", "FINALIZED"], "Choose DRAFT or FINALIZED (a void invoice bills nothing to break down)"))
    .optional(),
  sort: z.enum(["date_asc", "date_desc"], "Choose date_asc or date_desc").default("date_asc"),
  skip_zero_qty_line_items: ZFlag.optional(),
});
export type TListInvoiceBreakdowns = z.input<typeof ZListInvoiceBreakdowns>;

export const ZGetInvoice = z.object({
  customer_id: ZId,
  invoice_id: ZId,
  skip_zero_qty_line_items: ZFlag.optional(),
});
export type TGetInvoice = z.input<typeof ZGetInvoice>;

/** POST /v1/customers/{id}/previewEvents: what these events would do to the open drafts. */
export const ZPreviewEvents = z.object({
  events: z
    .array(
      z.object({
        event_type: z.string().min(1).max(128),
        timestamp: z.iso.datetime({ offset: true, message: "must be an RFC 3339 timestamp" }).optional(),
        transaction_id: z.string().min(1).max(128).optional(),
        customer_id: z.string().max(128).optional(),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1, "Give at least one event")
    .max(1000, "At most 1,000 events"),
  mode: z.enum(["replace", "merge"]).default("replace"),
  skip_zero_qty_line_items: z.boolean().optional(),
});
export type TPreviewEvents = z.input<typeof ZPreviewEvents>;

/** POST /v1/invoices/void and /v1/invoices/regenerate (InvoiceVoidParams, InvoiceRegenerateParams). */
export const ZInvoiceId = z.object({ id: ZId });
export type TInvoiceId = z.input<typeof ZInvoiceId>;

// POST /v1/contracts/scheduleProServicesInvoice (ContractScheduleProServicesInvoiceParams). Each
// line is an amount, or a quantity with an optional unit_price (lib/billing/professional-services.ts).
export const ZScheduleProServicesInvoice = z.object({
  customer_id: ZId,
  contract_id: ZId,
  issued_at: ZInstant,
  line_items: z
    .array(
      z.object({
        professional_service_id: ZId,
        amount: ZNonNegativeDecimal.optional(),
        quantity: ZNonNegativeDecimal.optional(),
        unit_price: ZNonNegativeDecimal.optional(),
        metadata: z.string().max(2000).optional(),
      }),
    )
    .min(1, "Give at least one line item")
    .max(100),
});
export type TScheduleProServicesInvoice = z.input<typeof ZScheduleProServicesInvoice>;

// GET /v1/customers/{id}/costs (CustomerListCostsParams): daily windows, so the range is whole UTC days.
const ZUtcMidnight = ZInstant.refine((d) => d.getTime() % 86_400_000 === 0, "Must be a UTC midnight (costs are listed by UTC day), e.g. 2026-07-01T00:00:00Z");
export const ZListCosts = ZPageParams.extend({ customer_id: ZId, starting_on: ZUtcMidnight, ending_before: ZUtcMidnight });
export type TListCosts = z.input<typeof ZListCosts>;

// POST /v1/contracts/createHistoricalInvoices (ContractCreateHistoricalInvoicesParams): usage
// quantities of past periods, priced at each contract's rates (lib/billing/historical-invoices.ts).
const ZGroupValues = z.record(z.string().min(1).max(128), z.string().max(1000));
const ZHistoricalLine = z
  .object({
    product_id: ZId,
    inclusive_start_date: ZHourInstant,
    exclusive_end_date: ZHourInstant,
    quantity: ZNonNegativeDecimal.optional(),
    subtotals_with_quantity: z
      .array(z.object({ inclusive_start_date: ZHourInstant, exclusive_end_date: ZHourInstant, quantity: ZNonNegativeDecimal }))
      .min(1)
      .max(2400)
      .optional(),
    pricing_group_values: ZGroupValues.optional(),
    presentation_group_values: ZGroupValues.optional(),
  })
  .superRefine((l, ctx) => {
    if (l.exclusive_end_date <= l.inclusive_start_date) ctx.addIssue({ code: "custom", path: ["exclusive_end_date"], message: "Must be after inclusive_start_date" });
    if (l.quantity === undefined && l.subtotals_with_quantity === undefined) ctx.addIssue({ code: "custom", path: ["quantity"], message: "Give a quantity, or subtotals_with_quantity" });
    const subtotals = l.subtotals_with_quantity ?? [];
    subtotals.forEach((s, i) => {
      if (s.exclusive_end_date <= s.inclusive_start_date || s.inclusive_start_date < l.inclusive_start_date || s.exclusive_end_date > l.exclusive_end_date) {
        ctx.addIssue({ code: "custom", path: ["subtotals_with_quantity", i, "inclusive_start_date"], message: "Must be a window inside the line's" });
      }
      if (i > 0 && s.inclusive_start_date < subtotals[i - 1]!.exclusive_end_date) ctx.addIssue({ code: "custom", path: ["subtotals_with_quantity", i, "inclusive_start_date"], message: "Subtotals must be in order and not overlap" });
    });
    if (l.quantity !== undefined && subtotals.length && !sum(subtotals.map((s) => s.quantity)).eq(l.quantity)) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "Must equal the sum of subtotals_with_quantity" });
    }
  });
export const ZCreateHistoricalInvoices = z.object({
  preview: z.boolean("Must be true or false"),
  invoices: z
    .array(
      z
        .object({
          customer_id: ZId,
          contract_id: ZId,
          credit_type_id: ZId,
          inclusive_start_date: ZHourInstant,
          exclusive_end_date: ZHourInstant,
          issue_date: ZInstant,
          usage_line_items: z.array(ZHistoricalLine).min(1, "Give at least one usage line item").max(500),
          // Rateline bills every invoice it keeps.
          billable_status: z.literal("billable", "Only billable is supported: Rateline keeps no unbillable invoices").optional(),
        })
        .superRefine((inv, ctx) => {
          if (inv.exclusive_end_date <= inv.inclusive_start_date) ctx.addIssue({ code: "custom", path: ["exclusive_end_date"], message: "Must be after inclusive_start_date" });
          inv.usage_line_items.forEach((l, i) => {
            if (l.inclusive_start_date < inv.inclusive_start_date || l.exclusive_end_date > inv.exclusive_end_date) {
              ctx.addIssue({ code: "custom", path: ["usage_line_items", i, "inclusive_start_date"], message: "Must be a window inside the invoice's" });
            }
          });
        }),
    )
    .min(1, "Give at least one invoice")
    .max(100),
});
export type TCreateHistoricalInvoices = z.input<typeof ZCreateHistoricalInvoices>;
