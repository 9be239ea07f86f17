import { Badge } from "@/components/ui/badge";
import { formatQuantity } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import type { InvoiceView } from "./invoice-view";

const STATUS_TONE = { DRAFT: "amber", FINALIZED: "green", VOID: "neutral" } as const;
export const INVOICE_STATUS_LABELS = { DRAFT: "Draft", FINALIZED: "Finalized", VOID: "Void" } as const;

const LINE_TYPE_LABELS: Record<string, string> = {
  USAGE: "Usage",
  SUBSCRIPTION: "Subscription",
  SCHEDULED_CHARGE: "Scheduled charge",
  COMMIT_PURCHASE: "Commit purchase",
  POSTPAID_TRUEUP: "Postpaid true-up",
  DISCOUNT: "Discount",
  APPLIED_COMMIT_OR_CREDIT: "Commit or credit applied",
  CPU_CONVERSION: "Conversion",
};

/** "2026-11-01" from an ISO instant: periods are whole UTC days. */
export const day = (iso: string) => iso.slice(0, 10);

/** A period [start, end) as people read it: the end's previous day is the last one billed. */
export function formatPeriod(start: string, end: string): string {
  // A SCHEDULED invoice bills a date, not a range.
  if (start === end) return day(start);
  const last = new Date(Date.parse(end) - 1).toISOString();
  return `${day(start)} – ${day(last)}`;
}

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
          <dd className="text-slate-900">{invoice.issuedAt ? day(invoice.issuedAt) : "Not yet (live draft)"}</dd>
          <dt className="text-slate-500">Payment terms</dt>
          <dd className="text-slate-900">Net {invoice.netPaymentTermsDays}</dd>
        </dl>
      </header>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="border-b border-slate-200 px-6 py-2 text-left font-medium">Description</th>
              <th scope="col" className="border-b border-slate-200 px-4 py-2 text-right font-medium">Quantity</th>
              <th scope="col" className="border-b border-slate-200 px-4 py-2 text-right font-medium">Unit price</th>
              <th scope="col" className="border-b border-slate-200 px-6 py-2 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody>
            {charges.length === 0 && (
              <tr>
                <td colSpan={4} className="px-6 py-6 text-center text-slate-500">No charges in this period yet.</td>
              </tr>
            )}
            {charges.map((line, i) => (
              <tr key={i}>
                <td className="border-b border-slate-100 px-6 py-3">
                  <span className="font-medium text-slate-900">{line.name}</span>
                  {line.groups && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{line.groups}</span>}
                  <span className="block text-xs text-slate-500">
                    {LINE_TYPE_LABELS[line.type] ?? line.type}
                    {line.startingAt !== line.endingBefore && ` · ${formatPeriod(line.startingAt, line.endingBefore)}`}
                  </span>
                </td>
                <td className="border-b border-slate-100 px-4 py-3 text-right tabular-nums text-slate-700">{line.quantity === null ? "—" : formatQuantity(line.quantity)}</td>
                <td className="border-b border-slate-100 px-4 py-3 text-right tabular-nums text-slate-700">{line.unitPrice === null ? "—" : formatAmount(line.unitPrice, unit)}</td>
                <td className="border-b border-slate-100 px-6 py-3 text-right tabular-nums font-medium text-slate-900">{formatAmount(line.total, unit)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3} className="px-6 pt-4 pb-2 text-right font-medium text-slate-600">Subtotal</th>
              <td className="px-6 pt-4 pb-2 text-right tabular-nums font-medium text-slate-900">{formatAmount(invoice.subtotal, unit)}</td>
            </tr>
            {adjustments.map((line, i) => (
              <tr key={i}>
                <th scope="row" colSpan={3} className="px-6 py-1 text-right font-normal text-slate-600">
                  {line.name} <span className="text-xs text-slate-500">({LINE_TYPE_LABELS[line.type]})</span>
                </th>
                <td className="px-6 py-1 text-right tabular-nums text-emerald-700">{formatAmount(line.total, unit)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" colSpan={3} className="px-6 pt-3 pb-5 text-right text-base font-semibold text-slate-900">Total due</th>
              <td className="px-6 pt-3 pb-5 text-right text-base font-semibold tabular-nums text-slate-900">{formatAmount(invoice.total, unit)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </article>
  );
}
