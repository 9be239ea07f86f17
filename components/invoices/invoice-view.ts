import { isAdjustmentLine } from "@/lib/billing/line-items";
import type { InvoiceRecord } from "@/lib/services/invoices/invoice-record";
import { groupDetail, toLineRow, type LineRow } from "@/lib/services/invoices/line-row";

// An invoice as the console renders it and as it crosses from a server action to the browser:
// decimal strings and ISO instants, no Decimal or Date instances.

export type InvoiceLineView = LineRow & {
  /** Discounts and applied commits or credits: they reduce the subtotal to the total. */
  adjustment: boolean;
};

export type InvoiceView = {
  id: string;
  status: "DRAFT" | "FINALIZED" | "VOID";
  creditType: { id: string; name: string };
  startTimestamp: string;
  endTimestamp: string;
  issuedAt: string | null;
  netPaymentTermsDays: number;
  subtotal: string;
  total: string;
  lines: InvoiceLineView[];
};

export function toInvoiceView(invoice: InvoiceRecord): InvoiceView {
  return {
    id: invoice.id,
    status: invoice.status,
    creditType: { id: invoice.creditType.id, name: invoice.creditType.name },
    startTimestamp: invoice.startTimestamp.toISOString(),
    endTimestamp: invoice.endTimestamp.toISOString(),
    issuedAt: invoice.issuedAt?.toISOString() ?? null,
    netPaymentTermsDays: invoice.netPaymentTermsDays,
    subtotal: invoice.subtotal.toFixed(),
    total: invoice.total.toFixed(),
    lines: invoice.lines.map((line) => ({
      ...toLineRow(line, groupDetail(line)),
      adjustment: isAdjustmentLine(line.type),
    })),
  };
}
