import type { Metadata } from "next";
import { Suspense } from "react";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { OverviewSkeleton } from "@/components/overview/overview-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext } from "@/lib/server/console-context";
import { getOverview } from "@/lib/services/overview/get-overview";
import { OVERVIEW_RANGES } from "@/lib/services/overview/schemas";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const range = oneOf(readParams(await searchParams, ["range"]).range, OVERVIEW_RANGES, "7d");
  return (
    <>
      <PageHeader title="Overview" description="Revenue so far this period from the live draft invoices, usage, balances running low and incoming events. Refreshes every few seconds." />
      <Suspense fallback={<OverviewSkeleton />}>
        <LiveOverview range={range} />
      </Suspense>
    </>
  );
}

async function LiveOverview({ range }: { range: (typeof OVERVIEW_RANGES)[number] }) {
  const ctx = await consoleContext();
  const overview = await getOverview(ctx, { range });
  return <OverviewDashboard initial={overview} initialRange={range} />;
}
