import type { Metadata } from "next";
import Link from "next/link";
import { InvoiceDocument } from "@/components/invoices/invoice-document";
import { formatPeriod } from "@/lib/format";
import { toInvoiceView } from "@/components/invoices/invoice-view";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can, type ServiceContext } from "@/lib/services/context";
import { getContract } from "@/lib/services/contracts/get-contract";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { getInvoice } from "@/lib/services/invoices/get-invoice";

export const metadata: Metadata = { title: "Invoice" };

type Params = { customerId: string; invoiceId: string };

async function load(ctx: ServiceContext, { customerId, invoiceId }: Params) {
  return loadOr404(async () => {
    const now = new Date();
    const [customer, invoice] = await Promise.all([getCustomer(ctx, customerId), getInvoice(ctx, { customer_id: customerId, invoice_id: invoiceId }, now)]);
    const contract = invoice.contractId ? await getContract(ctx, { customer_id: customerId, contract_id: invoice.contractId }, now) : null;
    return { customer, invoice, contract };
  });
}

export default async function InvoicePage({ params }: { params: Promise<Params> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const route = await params;
  const { customer, invoice, contract } = await load(ctx, route);
  const period = formatPeriod(invoice.startTimestamp, invoice.endTimestamp);
  const exportHref = `/api/console/invoices/${customer.id}/${invoice.id}/lines`;
  const pdfHref = `/api/console/invoices/${customer.id}/${invoice.id}/pdf`;
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/invoices" className="text-brand-700 hover:underline">← Invoices</Link></p>
      <PageHeader
        title={`${customer.name} · ${period}`}
        description={invoice.status === "DRAFT" ? "A live draft: it follows usage and contract changes until the period is closed." : "Finalized at period close; it never changes."}
        actions={
          <div className="flex flex-wrap items-center justify-end gap-3">
            <a href={pdfHref} download className={buttonClassName("secondary")}>Download PDF</a>
            {can(user, "invoices:write") ? (
              <a href={exportHref} download className={buttonClassName("secondary")}>Export lines (CSV)</a>
            ) : (
              <p className="max-w-xs text-right text-sm text-slate-500">Exporting lines needs the finance or admin role.</p>
            )}
          </div>
        }
      />
      <InvoiceDocument invoice={toInvoiceView(invoice)} customerName={customer.name} contractName={contract ? (contract.row.name ?? "Unnamed contract") : null} />
      {contract && (
        <p className="mt-4 text-sm text-slate-500">
          Billed under <Link href={`/contracts/${contract.row.id}`} className="text-brand-700 underline underline-offset-2">{contract.row.name ?? "the customer's contract"}</Link>.
        </p>
      )}
    </>
  );
}
