import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { UsageView } from "@/components/portal/usage-view";
import { portalVisit } from "@/lib/server/portal-gate";

export const metadata: Metadata = { title: "Usage" };

export default async function PortalUsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const visit = await portalVisit(searchParams);
  return (
    <PortalShell active="usage" token={visit.token} colors={visit.grant.colors} customerName={visit.customerName} title="Usage this period">
      <UsageView token={visit.token} />
    </PortalShell>
  );
}
