import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { SpendView } from "@/components/portal/spend-view";
import { portalVisit } from "@/lib/server/portal-gate";

export const metadata: Metadata = { title: "Spend" };

export default async function PortalSpendPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const visit = await portalVisit(searchParams);
  return (
    <PortalShell active="spend" token={visit.token} colors={visit.grant.colors} customerName={visit.customerName} title="Spend this period">
      <SpendView token={visit.token} />
    </PortalShell>
  );
}
