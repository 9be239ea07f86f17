"use client";

import type { PortalSpend } from "@/lib/services/portal/portal-spend";
import { LiveStatus, Placeholder } from "./live-status";
import { PortalCard, Stat } from "./portal-shell";
import { LineItemsTable } from "@/components/invoices/line-items-table";
import { formatPeriodInWords } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import { usePortalData } from "./use-portal-data";

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
    <PortalCard title={invoice.contractName ?? "Current invoice"} subtitle={`Billing period ${formatPeriodInWords(invoice.startingOn, invoice.endingBefore)} · draft, updated live`}>
      <dl className="mb-3 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Usage so far" value={formatAmount(invoice.usageSoFar, unit)} testId="portal-spend-usage" />
        <Stat label="Credits applied" value={formatAmount(invoice.appliedCredits, unit)} testId="portal-spend-credits" />
        <Stat label="Total so far" value={formatAmount(invoice.totalSoFar, unit)} testId="portal-spend-total" />
        <Stat label="Forecast at period end" value={formatAmount(f.totalAtEnd, unit)} testId="portal-spend-forecast" hint={`usage ${formatAmount(f.usageAtEnd, unit)}`} />
      </dl>
      <p className="mb-4 min-h-10 text-xs text-[var(--p-muted)]">
        Forecast: usage so far over the {f.elapsedDays} days elapsed is a run rate of {formatAmount(f.runRatePerDay, unit)} a day; at that rate the remaining{" "}
        {f.remainingDays} days add usage, which your remaining commitments and credits cover first. Fixed charges are already included.
      </p>
      <LineItemsTable look="portal" kindColumn caption="Line items of the current invoice" lines={invoice.lines} unit={unit} totals={[{ kind: "total", label: "Total so far", amount: invoice.totalSoFar }]} />
    </PortalCard>
  );
}
