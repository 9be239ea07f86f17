import { Badge } from "@/components/ui/badge";
import { formatPeriod, isoDay } from "@/lib/format";
import type { InvoiceView } from "./invoice-view";
import { lineTypeLabel } from "@/lib/services/invoices/line-row";
import { LineItemsTable } from "./line-items-table";

const STATUS_TONE = { DRAFT: "amber", FINALIZED: "green", VOID: "neutral" } as const;
export const INVOICE_STATUS_LABELS = { DRAFT: "Draft", FINALIZED: "Finalized", VOID: "Void" } as const;

export function InvoiceStatusBadge({ status }: { status: InvoiceView["status"] }) {
  return <Badge tone={STATUS_TONE[status]}>{INVOICE_STATUS_LABELS[status]}</Badge>;
}

/**
 * An invoice laid out as one is printed: who and when at the top, the charges with quantity,
 * unit price and amount, the subtotal, what commits, credits and discounts take off, the total.
 * Every figure is the engine's; nothing is added up here.
 */
export function InvoiceDocument({ invoice, customerName, contractName, caption = "Invoice lines" }: { invoice: InvoiceView; customerName?: string; contractName?: string | null; caption?: string }) {
  const unit = invoice.creditType;
  const charges = invoice.lines.filter((l) => !l.adjustment);
  const adjustments = invoice.lines.filter((l) => l.adjustment);
  return (
    <article aria-label={caption} className="rounded-xl border border-slate-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-start justify-between gap-6 border-b border-slate-100 px-6 py-5">
        {customerName ? (
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Bill to</p>
            <p className="mt-1 text-lg font-semibold text-slate-900">{customerName}</p>
            {contractName && <p className="text-sm text-slate-500">{contractName}</p>}
          </div>
        ) : (
          <span />
        )}
        <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500">Status</dt>
          <dd><InvoiceStatusBadge status={invoice.status} /></dd>
          <dt className="text-slate-500">Period</dt>
          <dd className="font-medium text-slate-900">{formatPeriod(invoice.startTimestamp, invoice.endTimestamp)}</dd>
          <dt className="text-slate-500">Issued</dt>
          <dd className="text-slate-900">{invoice.issuedAt ? isoDay(invoice.issuedAt) : "Not yet (live draft)"}</dd>
          <dt className="text-slate-500">Payment terms</dt>
          <dd className="text-slate-900">Net {invoice.netPaymentTermsDays}</dd>
        </dl>
      </header>
      <LineItemsTable
        look="document"
        caption={caption}
        lines={charges}
        unit={unit}
        emptyText="No charges in this period yet."
        totals={[
          { kind: "subtotal", label: "Subtotal", amount: invoice.subtotal },
          ...adjustments.map((line) => ({ kind: "adjustment" as const, label: <>{line.name} <span className="text-xs text-slate-500">({lineTypeLabel(line.type)})</span></>, amount: line.total })),
          { kind: "total", label: "Total due", amount: invoice.total },
        ]}
      />
    </article>
  );
}
