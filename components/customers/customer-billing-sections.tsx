import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDate, formatDateTime, formatPeriodInWords } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import { bucketWord } from "@/lib/chart-series";
import type { ContractSummary } from "@/lib/services/contracts/find-contracts";
import type { CustomerBalance, CustomerInvoiceSummary, CustomerOverview } from "@/lib/services/overview/get-customer-overview";
import { CustomerUsageCharts } from "./customer-usage-charts";

// The billing sections of the console's customer page, each a card of its own. Amounts are
// Decimals formatted with their credit type; dates are UTC, as the billing periods are.

const CONTRACT_TONES = { active: "green", upcoming: "blue", ended: "neutral", archived: "neutral" } as const;

export function SpendThisPeriod({ overview }: { overview: CustomerOverview }) {
  if (overview.pricingError) {
    return (
      <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        This customer&apos;s drafts cannot be priced: {overview.pricingError}
      </p>
    );
  }
  if (overview.spend.length === 0) return null;
  return (
    <div className="grid gap-4 sm:grid-cols-3" aria-label="This period so far" role="group">
      {overview.spend.map((s) => (
        <div key={s.creditType.id} className="contents">
          <Figure label="Charges this period" value={formatAmount(s.charges, s.creditType)} detail="From the live draft invoices" />
          <Figure label="Commits, credits and discounts" value={formatAmount(s.applied.negated(), s.creditType)} detail="Taken off the charges" />
          <Figure label="To invoice so far" value={formatAmount(s.total, s.creditType)} detail="If the period closed now" />
        </div>
      ))}
    </div>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="tabular mt-1 text-2xl font-semibold text-slate-900">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{detail}</p>
    </div>
  );
}

export function ContractsSection({ customerId, contracts, canCreate }: { customerId: string; contracts: ContractSummary[]; canCreate: boolean }) {
  return (
    <Card
      title="Contracts"
      description="The terms this customer is billed on."
      actions={canCreate ? <Link href={`/contracts/new?customer=${customerId}`} className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">New contract →</Link> : undefined}
    >
      {contracts.length === 0 ? (
        <EmptyState title="No contracts yet">Without a contract its usage is recorded but not billed.</EmptyState>
      ) : (
        <Table caption="Contracts of this customer">
          <thead>
            <tr>
              <Th>Contract</Th>
              <Th>Rate card</Th>
              <Th>Starts</Th>
              <Th>Ends</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((c) => (
              <tr key={c.id} className="hover:bg-slate-50">
                <Td className="font-medium">
                  <Link href={`/contracts/${c.id}`} className="text-brand-700 hover:underline">{c.name ?? "Unnamed contract"}</Link>
                </Td>
                <Td>{c.rateCardId ? <Link href={`/rate-cards/${c.rateCardId}`} className="text-slate-700 hover:underline">{c.rateCardName}</Link> : <span className="text-slate-400">—</span>}</Td>
                <Td className="whitespace-nowrap text-slate-600">{formatDate(c.startingAt)}</Td>
                <Td className="whitespace-nowrap text-slate-600">{c.endingBefore ? formatDate(c.endingBefore) : "open-ended"}</Td>
                <Td><Badge tone={CONTRACT_TONES[c.status]}>{c.status[0]!.toUpperCase() + c.status.slice(1)}</Badge></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

export function UsageSection({ usage }: { usage: CustomerOverview["usage"] }) {
  return (
    <Card
      title="Usage this period"
      description={usage ? `Per billable metric, per ${bucketWord(usage.windowSize)}, ${formatPeriodInWords(usage.period.startingAt, usage.period.endingBefore)}.` : "Per billable metric over the current billing period."}
    >
      {!usage || usage.metrics.length === 0 ? (
        <EmptyState title="No billing period in progress">Usage is charted here once the customer has a contract in force with usage products.</EmptyState>
      ) : (
        <CustomerUsageCharts
          buckets={usage.buckets.map((b) => b.toISOString())}
          windowSize={usage.windowSize}
          metrics={usage.metrics.map((m) => ({
            id: m.id,
            name: m.name,
            products: m.products,
            total: m.total.toFixed(),
            values: m.values.map((v) => v?.toFixed() ?? null),
          }))}
        />
      )}
    </Card>
  );
}

const STATUS_TONES = { DRAFT: "blue", FINALIZED: "green", VOID: "neutral" } as const;
const STATUS_LABELS = { DRAFT: "Draft", FINALIZED: "Finalized", VOID: "Void" } as const;

export function InvoicesSection({ customerId, drafts, invoices, contracts }: { customerId: string; drafts: CustomerInvoiceSummary[]; invoices: CustomerInvoiceSummary[]; contracts: ContractSummary[] }) {
  const contractNames = new Map(contracts.map((c) => [c.id, c.name ?? "Unnamed contract"]));
  const rows = [...[...drafts].reverse(), ...invoices];
  return (
    <Card
      title="Invoices"
      description="Live drafts of the open periods, then finalized and void invoices, newest first."
      actions={<Link href={`/invoices?customer=${customerId}`} className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">All invoices →</Link>}
    >
      {rows.length === 0 ? (
        <EmptyState title="No invoices yet">A draft appears as soon as a contract&apos;s first period begins.</EmptyState>
      ) : (
        <Table caption="Invoices of this customer">
          <thead>
            <tr>
              <Th>Period</Th>
              <Th>Contract</Th>
              <Th>Status</Th>
              <Th align="right">Total</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((invoice) => (
              <tr key={invoice.id} className="hover:bg-slate-50">
                <Td className="whitespace-nowrap font-medium">
                  <Link href={`/invoices/${customerId}/${invoice.id}`} className="text-brand-700 hover:underline">
                    {invoice.type !== "USAGE" ? formatDate(invoice.startingAt) : formatPeriodInWords(invoice.startingAt, invoice.endingBefore)}
                  </Link>
                  {invoice.type !== "USAGE" && <span className="ml-2 text-xs text-slate-500">{invoice.type === "THRESHOLD" ? "threshold" : "scheduled"}</span>}
                </Td>
                <Td className="text-slate-600">{invoice.contractId ? (contractNames.get(invoice.contractId) ?? "—") : "—"}</Td>
                <Td>
                  <Badge tone={STATUS_TONES[invoice.status]}>{STATUS_LABELS[invoice.status]}</Badge>
                  {invoice.issuedAt && <span className="ml-2 text-xs text-slate-500">issued {formatDate(invoice.issuedAt)}</span>}
                </Td>
                <Td align="right" className={`tabular whitespace-nowrap ${invoice.status === "VOID" ? "text-slate-400 line-through" : "text-slate-900"}`}>{formatAmount(invoice.total, invoice.creditType)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

const LEDGER_LABELS: Record<string, string> = {
  SEGMENT_START: "Granted",
  INVOICE_DEDUCTION: "Drawn by an invoice",
  MANUAL: "Manual adjustment",
  ROLLOVER: "Rolled over",
  TRUEUP: "True-up",
  EXPIRATION: "Expired",
};
const LEDGER_SHOWN = 12;

export function BalancesSection({ customerId, balances, contracts, draftIds }: { customerId: string; balances: CustomerBalance[]; contracts: ContractSummary[]; draftIds: ReadonlySet<string> }) {
  const contractNames = new Map(contracts.map((c) => [c.id, c.name ?? "Unnamed contract"]));
  return (
    <Card title="Commits and credits" description="Granted, used and left now (the live drafts' draws included), with each balance's ledger.">
      {balances.length === 0 ? (
        <EmptyState title="No commits or credits">Prepaid commitments and credits are added on a contract, or to the customer through the API.</EmptyState>
      ) : (
        <div className="space-y-6">
          {balances.map((b) => {
            const ledger = [...(b.ledger ?? [])].reverse();
            const ratio = b.granted.gt(0) ? Math.min(100, Math.max(0, b.remaining.div(b.granted).times(100).toNumber())) : 0;
            return (
              <section key={b.id} aria-labelledby={`balance-${b.id}`} data-testid="customer-balance">
                <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
                  <h3 id={`balance-${b.id}`} className="font-medium text-slate-900">
                    {b.name ?? (b.kind === "COMMIT" ? "Commitment" : "Credit")}
                    <span className="ml-2 align-middle"><Badge tone={b.kind === "COMMIT" ? "blue" : "green"}>{b.kind === "COMMIT" ? `${b.type === "POSTPAID" ? "Postpaid" : "Prepaid"} commit` : "Credit"}</Badge></span>
                  </h3>
                  <p className="text-xs text-slate-500">
                    {b.contractId ? (
                      <>On <Link href={`/contracts/${b.contractId}`} className="text-brand-700 underline">{contractNames.get(b.contractId) ?? "a contract"}</Link></>
                    ) : (
                      "On the customer, for every contract"
                    )}
                    {b.accessSchedule.length > 0 && <> · {formatPeriodInWords(b.accessSchedule[0]!.startingAt, b.accessSchedule.at(-1)!.endingBefore)}</>}
                  </p>
                </div>
                <dl className="mt-2 grid grid-cols-3 gap-3 text-sm sm:max-w-xl">
                  <div><dt className="text-xs text-slate-500">Granted</dt><dd className="tabular text-slate-900">{formatAmount(b.granted, b.creditType)}</dd></div>
                  <div><dt className="text-xs text-slate-500">Used</dt><dd className="tabular text-slate-900">{formatAmount(b.used, b.creditType)}</dd></div>
                  <div><dt className="text-xs text-slate-500">Left</dt><dd className="tabular font-semibold text-slate-900">{formatAmount(b.remaining, b.creditType)}</dd></div>
                </dl>
                <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100 sm:max-w-xl" aria-hidden>
                  <div className={`h-full ${ratio < 20 ? "bg-amber-500" : "bg-emerald-500"}`} style={{ width: `${ratio}%` }} />
                </div>
                {ledger.length > 0 && (
                  <div className="mt-3">
                    <Table caption={`Ledger of ${b.name ?? "this balance"}`}>
                      <thead>
                        <tr>
                          <Th>Date</Th>
                          <Th>Entry</Th>
                          <Th align="right">Amount</Th>
                          <Th>Invoice</Th>
                        </tr>
                      </thead>
                      <tbody>
                        {ledger.slice(0, LEDGER_SHOWN).map((e, i) => (
                          <tr key={`${e.segmentId}-${e.type}-${e.timestamp.getTime()}-${i}`}>
                            <Td className="whitespace-nowrap text-slate-600">{formatDateTime(e.timestamp)}</Td>
                            <Td>
                              {LEDGER_LABELS[e.type] ?? e.type}
                              {e.reason && <span className="block text-xs text-slate-500">{e.reason}</span>}
                            </Td>
                            <Td align="right" className={`tabular whitespace-nowrap ${e.amount.isNegative() ? "text-slate-900" : "text-emerald-700"}`}>
                              {e.amount.isNegative() ? "" : "+"}
                              {formatAmount(e.amount, b.creditType)}
                            </Td>
                            <Td>
                              {e.invoiceId ? (
                                <Link href={`/invoices/${customerId}/${e.invoiceId}`} className="text-brand-700 hover:underline">{draftIds.has(e.invoiceId) ? "Draft" : "Invoice"}</Link>
                              ) : (
                                <span className="text-slate-400">—</span>
                              )}
                            </Td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                    {ledger.length > LEDGER_SHOWN && <p className="mt-2 text-xs text-slate-500">The {LEDGER_SHOWN} latest of {ledger.length} entries; the API lists them all.</p>}
                  </div>
                )}
              </section>
            );
          })}
        </div>
      )}
    </Card>
  );
}
