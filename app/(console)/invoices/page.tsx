import type { Metadata } from "next";
import Link from "next/link";
import { FilterSelect, FilterText, ListPage } from "@/components/console/list-page";
import { dayParam, oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { FinanceExport, monthWindow, recentMonths } from "@/components/invoices/finance-export";
import { InvoiceStatusBadge } from "@/components/invoices/invoice-document";
import { formatPeriod } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
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
  const from = dayParam(params.from);
  const to = dayParam(params.to);
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
      <ListPage pathname={PATH} params={params} page={page}
        filtered={Boolean(params.customer || params.status !== "all" || from || to)}
        filters={
          <>
            <FilterSelect width="w-56" label="Customer" name="customer" value={params.customer ?? ""} options={[{ value: "", label: "All customers" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
            <FilterSelect width="w-40" label="Status" name="status" value={params.status} options={[{ value: "all", label: "All statuses" }, { value: "DRAFT", label: "Draft" }, { value: "FINALIZED", label: "Finalized" }, { value: "VOID", label: "Void" }]} />
            <FilterText width="w-40" label="Periods from" name="from" type="date" value={params.from} />
            <FilterText width="w-40" label="Periods up to" name="to" type="date" value={params.to} />
            <FilterSelect width="w-28" label="Rows" name="rows" value={params.rows} options={PAGE_SIZES.map((n) => ({ value: n, label: `${n} a page` }))} />
          </>
        }
        empty={{ title: "No invoices yet", hint: "A customer's contract starts a live draft invoice as soon as its first period begins." }}
        noMatch={{ title: "No invoices match", hint: "Try another customer, status or period, or clear the filters." }}
        caption="Invoices"
        columns={["Customer", "Period", "Type", "Status", "Lines", { label: "Total", align: "right" }]}
        row={(invoice) => (
          <tr key={invoice.id} className="hover:bg-slate-50">
            <Td className="font-medium">
              <Link href={`/invoices/${invoice.customerId}/${invoice.id}`} className="text-brand-700 hover:underline">
                {invoice.customerName}
                <span className="sr-only">, invoice for {formatPeriod(invoice.startTimestamp, invoice.endTimestamp)}</span>
              </Link>
            </Td>
            <Td className="whitespace-nowrap text-slate-600">{formatPeriod(invoice.startTimestamp, invoice.endTimestamp)}</Td>
            <Td className="text-slate-600">{invoice.type === "SCHEDULED" ? "Scheduled" : invoice.type === "THRESHOLD" ? "Threshold" : "Usage"}</Td>
            <Td><InvoiceStatusBadge status={invoice.status} /></Td>
            <Td className="text-slate-600">{invoice.lineCount}</Td>
            <Td align="right" className="tabular-nums font-medium">{formatAmount(invoice.total, invoice.creditType)}</Td>
          </tr>
        )}
        footer={<>Drafts: <Freshness freshness={freshness} now={new Date()} />. Open an invoice for its exact figures now.</>}
      />
    </>
  );
}
