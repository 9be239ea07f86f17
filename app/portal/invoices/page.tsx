import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { InvoicesView } from "@/components/portal/invoices-view";
import { portalVisit } from "@/lib/server/portal-gate";

export const metadata: Metadata = { title: "Invoices" };

export default async function PortalInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const visit = await portalVisit(searchParams);
  return (
    <PortalShell active="invoices" token={visit.token} colors={visit.grant.colors} customerName={visit.customerName} title="Invoices">
      <InvoicesView token={visit.token} />
    </PortalShell>
  );
}
