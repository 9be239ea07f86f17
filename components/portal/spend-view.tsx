"use client";

import type { PortalSpend } from "@/lib/services/portal/portal-spend";
import { LiveStatus, Placeholder } from "./live-status";
import { PortalCard, Stat } from "./portal-shell";
import { formatPeriod, money, quantity } from "./portal-format";
import { usePortalData } from "./use-portal-data";

const LINE_KIND: Record<string, string> = {
  USAGE: "Usage",
  SUBSCRIPTION: "Subscription",
  SCHEDULED_CHARGE: "Charge",
  COMMIT_PURCHASE: "Commitment",
  POSTPAID_TRUEUP: "True-up",
  DISCOUNT: "Discount",
  APPLIED_COMMIT_OR_CREDIT: "Credit applied",
  CPU_CONVERSION: "Conversion",
};

export function SpendView({ token }: { token: string }) {
  const query = usePortalData<PortalSpend>("/api/portal/spend", token, { live: true });
  const spend = query.data;
  return (
    <>
      <LiveStatus query={query} />
      {!spend ? (
        <Placeholder height="h-96" />
      ) : spend.invoices.length === 0 ? (
        <PortalCard title="No open billing period">
          <p className="text-sm text-[var(--p-muted)]">There is no contract billing you right now.</p>
        </PortalCard>
      ) : (
        spend.invoices.map((invoice) => <DraftInvoice key={invoice.key} invoice={invoice} />)
      )}
    </>
  );
}

function DraftInvoice({ invoice }: { invoice: PortalSpend["invoices"][number] }) {
  const unit = invoice.creditType;
  const f = invoice.forecast;
  return (
    <PortalCard title={invoice.contractName ?? "Current invoice"} subtitle={`Billing period ${formatPeriod(invoice.startingOn, invoice.endingBefore)} · draft, updated live`}>
      <dl className="mb-3 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Usage so far" value={money(invoice.usageSoFar, unit)} testId="portal-spend-usage" />
        <Stat label="Credits applied" value={money(invoice.appliedCredits, unit)} testId="portal-spend-credits" />
        <Stat label="Total so far" value={money(invoice.totalSoFar, unit)} testId="portal-spend-total" />
        <Stat label="Forecast at period end" value={money(f.totalAtEnd, unit)} testId="portal-spend-forecast" hint={`usage ${money(f.usageAtEnd, unit)}`} />
      </dl>
      <p className="mb-4 min-h-10 text-xs text-[var(--p-muted)]">
        Forecast: usage so far over the {f.elapsedDays} days elapsed is a run rate of {money(f.runRatePerDay, unit)} a day; at that rate the remaining{" "}
        {f.remainingDays} days add usage, which your remaining commitments and credits cover first. Fixed charges are already included.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Line items of the current invoice</caption>
          <thead>
            <tr className="text-left text-[var(--p-muted)]">
              <th scope="col" className="py-1.5 font-medium">Item</th>
              <th scope="col" className="py-1.5 font-medium">Kind</th>
              <th scope="col" className="py-1.5 text-right font-medium">Quantity</th>
              <th scope="col" className="py-1.5 text-right font-medium">Unit price</th>
              <th scope="col" className="py-1.5 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line, i) => (
              <tr key={i} className="border-t border-[var(--p-border)]">
                <td className="py-1.5">
                  {line.name}
                  {line.group ? <span className="text-[var(--p-muted)]"> · {line.group}</span> : null}
                </td>
                <td className="py-1.5 text-[var(--p-muted)]">{LINE_KIND[line.type] ?? line.type}</td>
                <td className="tabular py-1.5 text-right">{line.quantity === null ? "" : quantity(line.quantity)}</td>
                <td className="tabular py-1.5 text-right">{line.unitPrice === null ? "" : money(line.unitPrice, unit)}</td>
                <td className={`tabular py-1.5 text-right ${line.total.startsWith("-") ? "text-[var(--p-green)]" : ""}`}>{money(line.total, unit)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-[var(--p-border)] font-semibold">
              <td className="py-2" colSpan={4}>
                Total so far
              </td>
              <td className="tabular py-2 text-right">{money(invoice.totalSoFar, unit)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </PortalCard>
  );
}
