import type { Metadata } from "next";
import Link from "next/link";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAppError } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { consoleContext } from "@/lib/server/console-context";
import { getBillableMetric } from "@/lib/services/billable-metrics/get-billable-metric";
import { can } from "@/lib/services/context";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { draftFromMetric, EMPTY_DRAFT } from "./metric-draft";
import { MetricForm } from "./metric-form";

export const metadata: Metadata = { title: "New billable metric" };

// The preview's customer picker lists this many, by name; "All customers" covers the rest.
const PREVIEW_CUSTOMERS = 100;

export default async function NewBillableMetricPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const { from } = readParams(await searchParams, ["from"]);
  // A copy starts from the metric it copies; an id that names none starts from scratch.
  const original = from ? await getBillableMetric(ctx, from).catch((error: unknown) => (isAppError(error) ? null : Promise.reject(error))) : null;
  const customers = await listCustomers(ctx, { sort: "name", order: "asc", limit: PREVIEW_CUSTOMERS });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/billable-metrics" className="text-slate-500 hover:text-slate-900"><span aria-hidden>← </span>Billable metrics</Link>
      </nav>
      <PageHeader
        title={original ? `New billable metric from ${original.name}` : "New billable metric"}
        description="Choose which events count and how they add up; the preview shows what the metric measures on the last week of real events."
      />
      {can(user, "pricing:write") ? (
        <MetricForm initial={original ? draftFromMetric(original) : EMPTY_DRAFT} customers={customers.data.map((c) => ({ id: c.id, name: c.name }))} />
      ) : (
        <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Only the pricing or admin role can create billable metrics; you are signed in as {ROLE_LABELS[user.role]}.
        </p>
      )}
    </>
  );
}
