import type { Metadata } from "next";
import Link from "next/link";
import { DateTimeCell, ListPage, NameCell } from "@/components/console/list-page";
import { readSortedParams, type SearchParams } from "@/components/console/url-state";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { consoleContext } from "@/lib/server/console-context";
import { listBillableMetrics } from "@/lib/services/billable-metrics/list-billable-metrics";
import { can } from "@/lib/services/context";
import { BackfillBadge, RollupFailureBadge } from "./backfill-status";
import { aggregationText, filterTexts, groupKeyText } from "./metric-text";

export const metadata: Metadata = { title: "Billable metrics" };

const PATH = "/billable-metrics";

export default async function BillableMetricsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const params = readSortedParams(await searchParams, ["search", "archived"], ["name", "created_at"]);
  const includeArchived = params.archived === "true";
  const page = await listBillableMetrics(
    ctx,
    { search: params.search, include_archived: includeArchived, sort: params.sort, order: params.order, next_page: params.next_page, limit: 25 },
  );
  return (
    <>
      <PageHeader
        title="Billable metrics"
        description="What usage is measured: which events count, and how they add up. Products price them."
        actions={can(user, "pricing:write") && <Link href="/billable-metrics/new" className={buttonClassName()}>New billable metric</Link>}
      />
      <ListPage pathname={PATH} params={params} page={page} search="Metric name" includeArchived
        empty={{ title: "No billable metrics yet", hint: "Create one to start measuring usage from your events." }}
        noMatch={{ title: "No metrics match", hint: "Try another name, or clear the search." }}
        caption="Billable metrics"
        columns={[{ label: "Name", sort: "name" }, "Aggregation", "Filters", "Group keys", "Backfill", { label: "Created", sort: "created_at", firstOrder: "desc" }]}
        row={(metric) => (
          <tr key={metric.id} className="align-top hover:bg-slate-50">
            <NameCell href={`/billable-metrics/${metric.id}`} name={metric.name} archived={Boolean(metric.archivedAt)} />
            <Td className="whitespace-nowrap font-mono text-xs text-slate-800">{aggregationText(metric)}</Td>
            <Td className="text-xs text-slate-600">
              {filterTexts(metric).map((text) => <span key={text} className="block">{text}</span>)}
              {filterTexts(metric).length === 0 && <span className="text-slate-400">every event</span>}
            </Td>
            <Td className="font-mono text-xs text-slate-600">
              {metric.groupKeys.map((keys) => <span key={keys.join()} className="block">{groupKeyText(keys)}</span>)}
              {metric.groupKeys.length === 0 && <span className="text-slate-400">—</span>}
            </Td>
            <Td>
              {metric.rollupFailure ? <RollupFailureBadge failure={metric.rollupFailure} /> : <BackfillBadge backfill={metric.backfill} />}
            </Td>
            <DateTimeCell at={metric.createdAt} />
          </tr>
        )}
      />
    </>
  );
}
