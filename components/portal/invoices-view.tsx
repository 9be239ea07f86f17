"use client";

import Link from "next/link";
import { useState } from "react";
import type { PortalInvoice, PortalInvoiceSummary } from "@/lib/services/portal/portal-invoices";
import { LiveStatus, Placeholder } from "./live-status";
import { PortalCard, Stat, portalHref } from "./portal-shell";
import { LineItemsTable } from "@/components/invoices/line-items-table";
import { formatDate, formatPeriodInWords } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import { portalFetch, usePortalData } from "./use-portal-data";

const STATUS: Record<string, string> = { FINALIZED: "Issued", VOID: "Voided" };

export function InvoicesView({ token }: { token: string }) {
  const query = usePortalData<{ invoices: PortalInvoiceSummary[] }>("/api/portal/invoices", token, { live: false });
  const invoices = query.data?.invoices;
  return (
    <PortalCard title="Past invoices" subtitle="Invoices issued at the end of each billing period. The current period is on the Spend page.">
      {!invoices ? (
        query.isError ? <LiveStatus query={query} /> : <Placeholder height="h-32" />
      ) : invoices.length === 0 ? (
        <p className="text-sm text-[var(--p-muted)]">No invoices have been issued yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Past invoices</caption>
            <thead>
              <tr className="text-left text-[var(--p-muted)]">
                <th scope="col" className="py-1.5 font-medium">Billing period</th>
                <th scope="col" className="py-1.5 font-medium">Issued</th>
                <th scope="col" className="py-1.5 font-medium">Status</th>
                <th scope="col" className="py-1.5 text-right font-medium">Total</th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id} className="border-t border-[var(--p-border)]">
                  <td className="py-2">{formatPeriodInWords(invoice.startingOn, invoice.endingBefore)}</td>
                  <td className="py-2">{invoice.issuedAt ? formatDate(invoice.issuedAt) : "—"}</td>
                  <td className="py-2">{STATUS[invoice.status] ?? invoice.status}</td>
                  <td className="tabular py-2 text-right">{formatAmount(invoice.total, invoice.creditType)}</td>
                  <td className="py-2 text-right whitespace-nowrap">
                    <Link href={portalHref(`invoices/${invoice.id}`, token)} className="font-medium text-[var(--p-action)] underline-offset-2 hover:underline">
                      View<span className="sr-only"> invoice for {formatPeriodInWords(invoice.startingOn, invoice.endingBefore)}</span>
                    </Link>
                    <span className="mx-2 text-[var(--p-border)]" aria-hidden="true">|</span>
                    <DownloadButton token={token} invoiceId={invoice.id} label={formatPeriodInWords(invoice.startingOn, invoice.endingBefore)} format="pdf" />
                    <span className="mx-2 text-[var(--p-border)]" aria-hidden="true">|</span>
                    <DownloadButton token={token} invoiceId={invoice.id} label={formatPeriodInWords(invoice.startingOn, invoice.endingBefore)} format="csv" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PortalCard>
  );
}

const FORMATS = { csv: "CSV", pdf: "PDF" } as const;

/** A download is fetched with the link's token (no cookie could carry it) and saved from a blob. */
export function DownloadButton({ token, invoiceId, label, format }: { token: string; invoiceId: string; label: string; format: keyof typeof FORMATS }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const response = await portalFetch(`/api/portal/invoices/${encodeURIComponent(invoiceId)}/${format}`, token);
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `invoice.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" onClick={download} disabled={busy} className="font-medium text-[var(--p-action)] underline-offset-2 hover:underline disabled:opacity-60">
      {failed ? `Retry ${FORMATS[format]}` : `Download ${FORMATS[format]}`}
      <span className="sr-only"> for {label}</span>
    </button>
  );
}

export function InvoiceView({ token, invoiceId }: { token: string; invoiceId: string }) {
  const query = usePortalData<{ invoice: PortalInvoice }>(`/api/portal/invoices/${encodeURIComponent(invoiceId)}`, token, { live: false });
  const invoice = query.data?.invoice;
  if (!invoice) {
    return query.isError ? (
      <PortalCard title="Invoice not found">
        <p className="text-sm text-[var(--p-muted)]">{query.error.message}</p>
      </PortalCard>
    ) : (
      <Placeholder height="h-96" />
    );
  }
  const unit = invoice.creditType;
  const period = formatPeriodInWords(invoice.startingOn, invoice.endingBefore);
  return (
    <PortalCard
      title={`Invoice for ${period}`}
      subtitle={`${STATUS[invoice.status] ?? invoice.status}${invoice.issuedAt ? ` on ${formatDate(invoice.issuedAt)}` : ""}`}
      actions={
        <span className="flex items-center gap-3">
          <DownloadButton token={token} invoiceId={invoice.id} label={period} format="pdf" />
          <DownloadButton token={token} invoiceId={invoice.id} label={period} format="csv" />
        </span>
      }
    >
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3">
        <Stat label="Subtotal" value={formatAmount(invoice.subtotal, unit)} />
        <Stat label="Total" value={formatAmount(invoice.total, unit)} testId="portal-invoice-total" />
      </dl>
      <LineItemsTable look="portal" caption="Line items" lines={invoice.lines} unit={unit} totals={[{ kind: "total", label: "Total", amount: invoice.total }]} />
      <p className="mt-4 text-sm">
        <Link href={portalHref("invoices", token)} className="font-medium text-[var(--p-action)] underline-offset-2 hover:underline">
          ← All invoices
        </Link>
      </p>
    </PortalCard>
  );
}
