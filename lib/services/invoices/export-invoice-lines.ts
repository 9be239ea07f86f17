import { toCsv } from "@/lib/csv";
import { inputUnitLabel, toInputAmount } from "@/lib/format-money";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { getInvoice } from "./get-invoice";
import type { TGetInvoice } from "./schemas";

/**
 * An invoice's lines as CSV for finance: one record per line, amounts exact in the unit people
 * read (dollars for USD cents), every digit the invoice holds. Exporting needs the finance role.
 */
export async function exportInvoiceLines(ctx: ServiceContext, params: TGetInvoice, now = new Date()) {
  authorize(ctx.actor, "invoices:write");
  const invoice = await getInvoice(ctx, params, now);
  const unit = inputUnitLabel(invoice.creditType);
  const rows = [
    ["invoice_id", "status", "line", "type", "product_id", "starting_at", "ending_before", "quantity", `unit_price (${unit})`, `amount (${unit})`],
    ...invoice.lines.map((line) => [
      invoice.id,
      invoice.status,
      line.name,
      line.type,
      line.productId ?? "",
      line.startingAt.toISOString(),
      line.endingBefore.toISOString(),
      line.quantity?.toFixed() ?? "",
      line.unitPrice ? toInputAmount(line.unitPrice, line.creditType) : "",
      toInputAmount(line.total, line.creditType),
    ]),
  ];
  const period = invoice.startTimestamp.toISOString().slice(0, 10);
  return { filename: `invoice-${period}-${invoice.id.slice(0, 8)}.csv`, csv: toCsv(rows) };
}
