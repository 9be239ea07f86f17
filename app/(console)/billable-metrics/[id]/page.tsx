import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import type { BillableMetricRecord } from "@/lib/services/billable-metrics/billable-metric-record";
import { getBillableMetric } from "@/lib/services/billable-metrics/get-billable-metric";
import { listMetricProducts } from "@/lib/services/billable-metrics/list-metric-products";
import { can } from "@/lib/services/context";
import { BackfillProgress, RollupFailureBadge } from "../backfill-status";
import { aggregationText, groupKeyText } from "../metric-text";
import { ArchiveButton } from "@/components/console/archive-button";
import { archiveBillableMetricAction } from "../actions";

export const metadata: Metadata = { title: "Billable metric" };

async function loadMetric(ctx: Parameters<typeof getBillableMetric>[0], id: string): Promise<BillableMetricRecord> {
  return loadOr404(() => getBillableMetric(ctx, id));
}

function Values({ values }: { values?: readonly string[] }) {
  if (!values) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((value) => <code key={value} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{value}</code>)}
    </span>
  );
}

function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-3">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export default async function BillableMetricPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const metric = await loadMetric(ctx, (await params).id);
  const products = await listMetricProducts(ctx, metric.id);
  const canEdit = can(user, "pricing:write");
  const types = metric.eventTypeFilter;
  return (
    <>
      {!metric.backfill.ready && <AutoRefresh seconds={3} />}
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/billable-metrics" className="text-slate-500 hover:text-slate-900"><span aria-hidden>← </span>Billable metrics</Link>
      </nav>
      <PageHeader
        title={metric.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {metric.archivedAt ? <Badge>Archived {formatDateTime(metric.archivedAt)}</Badge> : <Badge tone="green">Live</Badge>}
            <RollupFailureBadge failure={metric.rollupFailure} />
            <span className="font-mono text-xs">{aggregationText(metric)}</span>
            <span>· created {formatDateTime(metric.createdAt)}</span>
          </span>
        }
        actions={canEdit && <Link href={`/billable-metrics/new?from=${metric.id}`} className={buttonClassName("secondary")}>Create a copy</Link>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Definition" className="lg:col-span-2" description="A metric's definition never changes, as in Metronome: to measure differently, create a copy with the change and archive this one.">
          <dl className="divide-y divide-slate-100">
            <Term label="Aggregation">
              <span className="font-mono text-xs">{metric.aggregationType}</span>
              {metric.aggregationKey && <> of <code className="font-mono text-xs">{metric.aggregationKey}</code></>}
            </Term>
            <Term label="Event types">
              {types?.inValues && <span className="flex items-center gap-2">is one of <Values values={types.inValues} /></span>}
              {types?.notInValues && <span className="flex items-center gap-2">is none of <Values values={types.notInValues} /></span>}
              {!types && <span className="text-slate-500">any</span>}
            </Term>
            <Term label="Property filters">
              {metric.propertyFilters?.length ? (
                <ul className="space-y-2">
                  {metric.propertyFilters.map((filter) => (
                    <li key={filter.name} className="flex flex-wrap items-center gap-2">
                      <code className="font-mono text-xs font-semibold">{filter.name}</code>
                      {filter.exists === true && <span className="text-slate-600">must exist</span>}
                      {filter.exists === false && <span className="text-slate-600">must be absent</span>}
                      {filter.inValues && <span className="flex items-center gap-1 text-slate-600">is one of <Values values={filter.inValues} /></span>}
                      {filter.notInValues && <span className="flex items-center gap-1 text-slate-600">is none of <Values values={filter.notInValues} /></span>}
                      {filter.exists === undefined && !filter.inValues && !filter.notInValues && <span className="text-slate-500">any value</span>}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-500">none: every event of those types counts</span>
              )}
            </Term>
            <Term label="Group keys">
              {metric.groupKeys.length ? (
                <span className="flex flex-wrap gap-1">
                  {metric.groupKeys.map((keys) => <code key={keys.join()} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{groupKeyText(keys)}</code>)}
                </span>
              ) : (
                <span className="text-slate-500">none</span>
              )}
            </Term>
            {Object.keys(metric.customFields).length > 0 && (
              <Term label="Custom fields">
                {Object.entries(metric.customFields).map(([key, value]) => <span key={key} className="block font-mono text-xs">{key}: {value}</span>)}
              </Term>
            )}
            <Term label="Metric ID"><code className="break-all font-mono text-xs">{metric.id}</code></Term>
          </dl>
        </Card>
        <div className="space-y-6">
          <Card title="Products" description="What bills with this metric.">
            {products.length === 0 ? (
              <p className="text-sm text-slate-500">No product uses it yet. {canEdit && <Link href="/products/new" className="text-brand-700 underline">Create a product</Link>}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {products.map((p) => (
                  <li key={p.id} className="flex items-center justify-between gap-2">
                    <Link href={`/products/${p.id}`} className="font-medium text-brand-700 hover:underline">{p.name}</Link>
                    {p.archived ? <Badge>Archived</Badge> : !p.current && <Badge tone="amber">Earlier version</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Backfill">
            <BackfillProgress backfill={metric.backfill} />
          </Card>
          {canEdit && !metric.archivedAt && (
            <Card title="Archive" description="Retires the metric: new products cannot use it and new events stop counting toward it. Usage already measured stays.">
              <ArchiveButton
                action={archiveBillableMetricAction}
                id={metric.id}
                label="Archive metric"
                confirmText={`Archive ${metric.name}? New products can no longer use it, and new events stop counting toward it. This cannot be undone.`}
              />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
