import type { Metadata } from "next";
import { PortalShell } from "@/components/portal/portal-shell";
import { CreditsView } from "@/components/portal/credits-view";
import { portalVisit } from "@/lib/server/portal-gate";

export const metadata: Metadata = { title: "Credits" };

export default async function PortalCreditsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const visit = await portalVisit(searchParams);
  return (
    <PortalShell active="credits" token={visit.token} colors={visit.grant.colors} customerName={visit.customerName} title="Commitments and credits">
      <CreditsView token={visit.token} />
    </PortalShell>
  );
}
