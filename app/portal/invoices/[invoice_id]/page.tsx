import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvoiceView } from "@/components/portal/invoices-view";
import { PortalShell } from "@/components/portal/portal-shell";
import { portalVisit, visitHasInvoice } from "@/lib/server/portal-gate";

export const metadata: Metadata = { title: "Invoice" };

export default async function PortalInvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ invoice_id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const visit = await portalVisit(searchParams);
  const { invoice_id } = await params;
  // Another customer's invoice (or none) is a 404 page, like any id this customer does not have.
  if (!(await visitHasInvoice(visit, invoice_id))) notFound();
  return (
    <PortalShell active="invoices" token={visit.token} colors={visit.grant.colors} customerName={visit.customerName} title="Invoice">
      <InvoiceView token={visit.token} invoiceId={invoice_id} />
    </PortalShell>
  );
}
