import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { FinanceExport, monthWindow, recentMonths } from "@/components/invoices/finance-export";
import { formatPeriod, InvoiceStatusBadge } from "@/components/invoices/invoice-document";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatAmount } from "@/lib/format-money";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { financeReport } from "@/lib/services/finance/finance-report";
import { findInvoices } from "@/lib/services/invoices/find-invoices";
import { Freshness } from "@/components/console/freshness";
import { readFreshness } from "@/lib/services/billing-state/read-freshness";

export const metadata: Metadata = { title: "Invoices" };

const PATH = "/invoices";
const STATUSES = ["all", "DRAFT", "FINALIZED", "VOID"] as const;
const PAGE_SIZES = ["5", "10", "25", "50", "100"] as const;

/** A `YYYY-MM-DD` filter as the UTC midnight it names, or nothing when it is not a date. */
function dayStart(text: string | undefined): Date | undefined {
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? new Date(`${text}T00:00:00Z`) : undefined;
}

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const raw = readParams(await searchParams, ["customer", "status", "from", "to", "rows", "next_page", "export_month"]);
  const customers = (await listCustomers(ctx, { sort: "name", order: "asc", limit: 100 })).data;
  const params = {
    ...raw,
    status: oneOf(raw.status, STATUSES, "all"),
    rows: oneOf(raw.rows, PAGE_SIZES, "25"),
    customer: customers.some((c) => c.id === raw.customer) ? raw.customer : undefined,
  };
  const from = dayStart(params.from);
  const to = dayStart(params.to);
  const freshness = await readFreshness(ctx.db);
  const page = await findInvoices(ctx, {
    customerId: params.customer,
    status: params.status === "all" ? undefined : params.status,
    startingOn: from,
    // "Periods up to" a day includes the periods that end on it.
    endingBefore: to ? new Date(to.getTime() + 86_400_000) : undefined,
    next_page: params.next_page,
    limit: Number(params.rows),
  });
  const filtered = Boolean(params.customer || params.status !== "all" || from || to);
  // Finance's month: the last whole month unless another is picked.
  const months = recentMonths(new Date());
  const exportMonth = oneOf(raw.export_month, months, months[1]!);
  const mayExport = can(user, "invoices:write");
  // The reconciliation reads a whole month of invoices: only when a month is asked for.
  const finance = mayExport && raw.export_month ? await financeReport(ctx, monthWindow(exportMonth)) : null;
  return (
    <>
      <PageHeader title="Invoices" description="Live drafts of every open period and the invoices finalized at period close, across customers. Drafts follow usage and contract changes as they happen." />
      {mayExport && <FinanceExport month={exportMonth} months={months} report={finance} />}
      <Card>
        <FilterBar pathname={PATH} active={filtered}>
          <div className="w-56">
            <SelectField label="Customer" name="customer" defaultValue={params.customer ?? ""} options={[{ value: "", label: "All customers" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
          </div>
          <div className="w-40">
            <SelectField label="Status" name="status" defaultValue={params.status} options={[{ value: "all", label: "All statuses" }, { value: "DRAFT", label: "Draft" }, { value: "FINALIZED", label: "Finalized" }, { value: "VOID", label: "Void" }]} />
          </div>
          <div className="w-40">
            <TextField label="Periods from" name="from" type="date" defaultValue={params.from} />
          </div>
          <div className="w-40">
            <TextField label="Periods up to" name="to" type="date" defaultValue={params.to} />
          </div>
          <div className="w-28">
            <SelectField label="Rows" name="rows" defaultValue={params.rows} options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} a page` }))} />
          </div>
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No invoices match" : "No invoices yet"}>
            {filtered ? "Try another customer, status or period, or clear the filters." : "A customer's contract starts a live draft invoice as soon as its first period begins."}
          </EmptyState>
        ) : (
          <Table caption="Invoices">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th>Period</Th>
                <Th>Type</Th>
                <Th>Status</Th>
                <Th>Lines</Th>
                <Th align="right">Total</Th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((invoice) => (
                <tr key={invoice.id} className="hover:bg-slate-50">
                  <Td className="font-medium">
                    <Link href={`/invoices/${invoice.customerId}/${invoice.id}`} className="text-brand-700 hover:underline">
                      {invoice.customerName}
                      <span className="sr-only">, invoice for {formatPeriod(invoice.startTimestamp.toISOString(), invoice.endTimestamp.toISOString())}</span>
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap text-slate-600">{formatPeriod(invoice.startTimestamp.toISOString(), invoice.endTimestamp.toISOString())}</Td>
                  <Td className="text-slate-600">{invoice.type === "SCHEDULED" ? "Scheduled" : "Usage"}</Td>
                  <Td><InvoiceStatusBadge status={invoice.status} /></Td>
                  <Td className="text-slate-600">{invoice.lineCount}</Td>
                  <Td align="right" className="tabular-nums font-medium">{formatAmount(invoice.total, invoice.creditType)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
        <p className="mt-3 text-xs text-slate-500">
          Drafts: <Freshness freshness={freshness} now={new Date()} />. Open an invoice for its exact figures now.
        </p>
      </Card>
    </>
  );
}
