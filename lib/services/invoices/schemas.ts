import { z } from "zod";
import { ZPageParams } from "@/lib/services/pagination";
import { ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZInstant } from "@/lib/services/zod-pricing";

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
  // Rateline issues no consolidated invoices, so USAGE_CONSOLIDATED matches none.
  type: z.enum(["USAGE", "USAGE_CONSOLIDATED", "SCHEDULED"], "Choose USAGE, USAGE_CONSOLIDATED or SCHEDULED").optional(),
  starting_on: ZInstant.optional(),
  ending_before: ZInstant.optional(),
  sort: z.enum(["date_asc", "date_desc"], "Choose date_asc or date_desc").default("date_asc"),
  skip_zero_qty_line_items: ZFlag.optional(),
  webhook_notification_id: z.string().max(200).optional(),
});
export type TListInvoices = z.input<typeof ZListInvoices>;

export const ZGetInvoice = z.object({
  customer_id: ZId,
  invoice_id: ZId,
  skip_zero_qty_line_items: ZFlag.optional(),
});
export type TGetInvoice = z.input<typeof ZGetInvoice>;
