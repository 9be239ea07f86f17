import { isAdjustmentLine } from "@/lib/billing/line-items";
import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db/generated/client";
import { renderInvoicePdf } from "@/lib/pdf/invoice-pdf";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { getInvoice } from "./get-invoice";
import type { InvoiceRecord } from "./invoice-record";
import { groupDetail, lineTypeLabel, toLineRow } from "./line-row";
import type { TGetInvoice } from "./schemas";

// An invoice as a PDF: what GET /v1/customers/{id}/invoices/{invoice_id}/pdf answers and what the
// console's and the portal's download buttons save. Each caller finds the invoice its own way
// (the API key's and the console's reads, the portal link's customer); this renders it, once.

export type InvoicePdf = { filename: string; bytes: Uint8Array };

export async function invoicePdf(db: Prisma.TransactionClient, invoice: InvoiceRecord, now = new Date()): Promise<InvoicePdf> {
  const customer = await readCustomer(db, invoice.customerId);
  const contract = invoice.contractId ? await db.contract.findUnique({ where: { id: invoice.contractId }, select: { name: true } }) : null;
  const bytes = await renderInvoicePdf({
    issuer: config().invoiceIssuer,
    customerName: customer.name,
    contractName: contract?.name ?? null,
    id: invoice.id,
    status: invoice.status,
    creditType: { id: invoice.creditType.id, name: invoice.creditType.name },
    startingOn: invoice.startTimestamp.toISOString(),
    endingBefore: invoice.endTimestamp.toISOString(),
    issuedAt: invoice.issuedAt?.toISOString() ?? null,
    netPaymentTermsDays: invoice.netPaymentTermsDays,
    subtotal: invoice.subtotal.toFixed(),
    total: invoice.total.toFixed(),
    lines: invoice.lines.map((line) => ({ ...toLineRow(line, groupDetail(line)), kind: lineTypeLabel(line.type), adjustment: isAdjustmentLine(line.type) })),
    generatedAt: now,
  });
  return { filename: `invoice-${invoice.startTimestamp.toISOString().slice(0, 10)}-${invoice.id.slice(0, 8)}.pdf`, bytes };
}

/** The PDF of one of the customer's invoices, stored or a live draft (getInvoice). */
export async function getInvoicePdf(ctx: ServiceContext, params: TGetInvoice, now = new Date()): Promise<InvoicePdf> {
  return invoicePdf(ctx.db, await getInvoice(ctx, params, now), now);
}
