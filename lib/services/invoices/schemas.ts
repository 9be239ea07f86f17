import { z } from "zod";
import { ZPageParams } from "@/lib/services/pagination";
import { ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZInstant, ZNonNegativeDecimal } from "@/lib/services/zod-pricing";

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
