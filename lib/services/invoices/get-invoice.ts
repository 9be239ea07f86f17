import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { pathId } from "@/lib/services/ids";
import { parseInput } from "@/lib/services/parse-input";
import { withCustomFields, type InvoiceCustomFields } from "./invoice-custom-fields";
import { draftRecord, INVOICE_SELECT, storedRecords, withoutZeroQuantityLines, type InvoiceRecord } from "./invoice-record";
import { computeOpenDrafts } from "./open-drafts";
import { ZGetInvoice, type TGetInvoice } from "./schemas";

export const INVOICE_NOT_FOUND = "No invoice has that id for this customer.";

/**
 * One of the customer's invoices: a stored one, or the live draft of an open period (drafts are
 * not stored, so they are recomputed and found by their derived id).
 */
export async function getInvoice(ctx: ServiceContext, params: TGetInvoice, now = new Date()): Promise<InvoiceRecord & { customFields: InvoiceCustomFields }> {
  await readCustomer(ctx.db, params.customer_id);
  pathId(params.invoice_id, INVOICE_NOT_FOUND);
  const q = parseInput(ZGetInvoice, params);
  const row = await ctx.db.invoice.findFirst({ where: { id: q.invoice_id, customerId: q.customer_id }, select: INVOICE_SELECT });
  const invoice = row
    ? (await storedRecords(ctx.db, [row], now))[0]
    : (await computeOpenDrafts(ctx.db, q.customer_id, now, { scheduled: "current period" })).map(draftRecord).find((draft) => draft.id === q.invoice_id);
  if (!invoice) throw new AppError("not_found", INVOICE_NOT_FOUND);
  const [shown] = await withCustomFields(ctx.db, [q.skip_zero_qty_line_items ? withoutZeroQuantityLines(invoice) : invoice]);
  return shown!;
}
