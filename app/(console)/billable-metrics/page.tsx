import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { SortableTh } from "@/components/console/sortable-th";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
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
  const raw = readParams(await searchParams, ["search", "archived", "sort", "order", "next_page"]);
  const sort = oneOf(raw.sort, ["name", "created_at"], "name");
  const params = { ...raw, sort, order: oneOf(raw.order, ["asc", "desc"], sort === "name" ? "asc" : "desc") };
  const includeArchived = params.archived === "true";
  const page = await listBillableMetrics(
    ctx,
    { search: params.search, include_archived: includeArchived, sort, order: params.order, next_page: params.next_page, limit: 25 },
  );
  const filtered = Boolean(params.search || includeArchived);
  return (
    <>
      <PageHeader
        title="Billable metrics"
        description="What usage is measured: which events count, and how they add up. Products price them."
        actions={can(user, "pricing:write") && <Link href="/billable-metrics/new" className={buttonClassName()}>New billable metric</Link>}
      />
      <Card>
        <FilterBar pathname={PATH} active={filtered} keep={{ sort: params.sort, order: params.order }}>
          <div className="w-72">
            <TextField label="Search" name="search" type="search" placeholder="Metric name" defaultValue={params.search} />
          </div>
          <CheckboxField label="Include archived" name="archived" value="true" defaultChecked={includeArchived} />
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No metrics match" : "No billable metrics yet"}>
            {filtered ? "Try another name, or clear the search." : "Create one to start measuring usage from your events."}
          </EmptyState>
        ) : (
          <Table caption="Billable metrics">
            <thead>
              <tr>
                <SortableTh label="Name" column="name" pathname={PATH} params={params} />
                <Th>Aggregation</Th>
                <Th>Filters</Th>
                <Th>Group keys</Th>
                <Th>Backfill</Th>
                <SortableTh label="Created" column="created_at" pathname={PATH} params={params} firstOrder="desc" />
              </tr>
            </thead>
            <tbody>
              {page.data.map((metric) => (
                <tr key={metric.id} className="align-top hover:bg-slate-50">
                  <Td className="font-medium">
                    <Link href={`/billable-metrics/${metric.id}`} className="text-brand-700 hover:underline">{metric.name}</Link>
                    {metric.archivedAt && <span className="ml-2"><Badge>Archived</Badge></span>}
                  </Td>
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
                  <Td className="whitespace-nowrap text-slate-500">{formatDateTime(metric.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
      </Card>
    </>
  );
}
