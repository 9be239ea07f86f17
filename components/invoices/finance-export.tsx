import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatAmount } from "@/lib/format-money";
import type { FinanceReport } from "@/lib/services/finance/finance-report";

/** `YYYY-MM` → the month's reporting window, as the finance export takes it. */
export function monthWindow(month: string): { from: string; to: string } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(year, m, 1));
  return { from: `${month}-01`, to: next.toISOString().slice(0, 10) };
}

/** The last twelve whole months, newest first, as `YYYY-MM`. */
export function recentMonths(now: Date): string[] {
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
}

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Finance's month: the finalized invoices' lines and the balance ledger, as CSV or JSON, with the
 * reconciliation between them (finance-report.ts) shown before anything is downloaded. The
 * reconciliation reads the whole month, so it runs when asked for (`report` is null until then).
 */
export function FinanceExport({ month, months, report }: { month: string; months: string[]; report: FinanceReport | null }) {
  const query = new URLSearchParams(monthWindow(month)).toString();
  const link = (file: string) => `/api/console/finance/${file}?${query}`;
  return (
    <Card
      title="Finance export"
      description="Finalized invoices whose period starts in the month, and what moved each prepaid commit and credit, reconciled line by line."
      className="mb-6"
    >
      <div className="flex flex-wrap items-end justify-between gap-4">
        <form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="export_month" className="block text-sm font-medium text-slate-700">Month</label>
            <select id="export_month" name="export_month" defaultValue={month} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {months.map((m) => (
                <option key={m} value={m}>{monthName(m)}</option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClassName("secondary")}>Reconcile</button>
        </form>
        <div className="flex flex-wrap gap-2">
          <a href={link("invoice-lines.csv")} className={buttonClassName("secondary")} download>Invoice lines (CSV)</a>
          <a href={link("balance-ledger.csv")} className={buttonClassName("secondary")} download>Balance ledger (CSV)</a>
          <a href={link("finance-report.json")} className={buttonClassName("secondary")} download>Full report (JSON)</a>
        </div>
      </div>
      {report ? <FinanceSummary month={month} report={report} /> : <p className="mt-4 text-sm text-slate-500">Pick a month and reconcile: its finalized invoices are matched against the balance ledger, line by line.</p>}
    </Card>
  );
}

function FinanceSummary({ month, report }: { month: string; report: FinanceReport }) {
  return (
    <>
      <dl className="mt-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-5" aria-label={`Finance summary for ${monthName(month)}`}>
        <div>
          <dt className="text-slate-500">Reconciliation</dt>
          <dd className="mt-1">{report.reconciled ? <Badge tone="green">Reconciled to the cent</Badge> : <Badge tone="red">{report.mismatches.length} mismatches</Badge>}</dd>
        </div>
        {report.totals.length === 0 ? (
          <div className="col-span-4 text-slate-500">No invoice was finalized for a period starting in {monthName(month)}.</div>
        ) : (
          report.totals.map((t) => (
            <Fragment key={t.creditType.id}>
              <div>
                <dt className="text-slate-500">Invoices</dt>
                <dd className="mt-1 font-medium tabular-nums text-slate-900">{t.invoices}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Invoiced</dt>
                <dd className="mt-1 font-medium tabular-nums text-slate-900">{formatAmount(t.invoiceTotal, t.creditType)}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Commits bought</dt>
                <dd className="mt-1 font-medium tabular-nums text-slate-900">{formatAmount(t.commitPurchases, t.creditType)}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Paid from balances</dt>
                <dd className="mt-1 font-medium tabular-nums text-slate-900">{formatAmount(t.appliedLines.abs(), t.creditType)}</dd>
              </div>
            </Fragment>
          ))
        )}
      </dl>
      {!report.reconciled && (
        <ul className="mt-3 list-disc pl-5 text-sm text-red-700">
          {report.mismatches.slice(0, 5).map((m, i) => (
            <li key={i}>{m.check}{m.invoiceId ? ` on invoice ${m.invoiceId}` : ""}{m.balanceId ? ` (balance ${m.balanceId})` : ""}: expected {m.expected.toFixed()}, found {m.actual.toFixed()}</li>
          ))}
        </ul>
      )}
    </>
  );
}
