import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { JsonDiffView } from "@/components/console/json-diff-view";
import { Pager } from "@/components/console/pager";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { listAuditEntries } from "@/lib/services/audit/list-audit-entries";
import { listAuditObjectTypes } from "@/lib/services/audit/list-audit-object-types";

export const metadata: Metadata = { title: "Audit log" };

const PATH = "/audit-log";
const DAY = 86_400_000;

const dayStart = (text: string | undefined) => (text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? new Date(`${text}T00:00:00Z`) : undefined);

/** Where an entry's object lives in the console, when it has a page. */
function objectHref(objectType: string, objectId: string): string | undefined {
  const pages: Record<string, string> = { contract: "/contracts", customer: "/customers", product: "/products", rate_card: "/rate-cards", billable_metric: "/billable-metrics" };
  return pages[objectType] ? `${pages[objectType]}/${objectId}` : undefined;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const params = readParams(await searchParams, ["actor", "object_type", "object_id", "from", "to", "next_page"]);
  const from = dayStart(params.from);
  const to = dayStart(params.to);
  const [page, objectTypes] = await Promise.all([
    listAuditEntries(ctx, {
      actor: params.actor,
      objectType: params.object_type,
      objectId: params.object_id?.trim(),
      from,
      until: to ? new Date(to.getTime() + DAY) : undefined,
      next_page: params.next_page,
      limit: 25,
    }),
    listAuditObjectTypes(ctx),
  ]);
  const filtered = Boolean(params.actor || params.object_type || params.object_id || from || to);
  return (
    <>
      <PageHeader title="Audit log" description="Every change to prices, products, customers, contracts and invoices: who made it, when, and what it changed." />
      <Card>
        <FilterBar pathname={PATH} active={filtered}>
          <div className="w-44">
            <TextField label="Actor" name="actor" type="search" placeholder="Name or key" defaultValue={params.actor} />
          </div>
          <div className="w-44">
            <SelectField label="Object type" name="object_type" defaultValue={params.object_type ?? ""} options={[{ value: "", label: "All types" }, ...objectTypes.map((t) => ({ value: t, label: t.replaceAll("_", " ") }))]} />
          </div>
          <div className="w-72">
            <TextField label="Object id" name="object_id" placeholder="UUID" defaultValue={params.object_id} />
          </div>
          <div className="w-40">
            <TextField label="From" name="from" type="date" defaultValue={params.from} />
          </div>
          <div className="w-40">
            <TextField label="To" name="to" type="date" defaultValue={params.to} />
          </div>
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No changes match" : "No changes recorded yet"}>{filtered ? "Try another actor, object or date, or clear the filters." : "Changes appear here as soon as anyone makes one."}</EmptyState>
        ) : (
          <Table caption="Audit log">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Actor</Th>
                <Th>Change</Th>
                <Th>Before → after</Th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((entry) => {
                const href = objectHref(entry.objectType, entry.objectId);
                return (
                  <tr key={entry.id} className="align-top">
                    <Td className="whitespace-nowrap text-slate-600">{formatTimestamp(entry.createdAt)}</Td>
                    <Td>
                      <span className="font-medium text-slate-900">{entry.actorName}</span>
                      <span className="block text-xs text-slate-500">{entry.actorType.replace("_", " ")}</span>
                    </Td>
                    <Td>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{entry.action}</code>
                      <span className="mt-1 block text-xs text-slate-500">
                        <Badge>{entry.objectType.replaceAll("_", " ")}</Badge>{" "}
                        {href ? <Link href={href} className="font-mono text-brand-700 hover:underline">{entry.objectId.slice(0, 8)}</Link> : <span className="font-mono">{entry.objectId.slice(0, 8)}</span>}
                        {" · "}
                        <Link href={`${PATH}?object_id=${entry.objectId}`} className="text-brand-700 hover:underline">history<span className="sr-only"> of {entry.objectType.replaceAll("_", " ")} {entry.objectId}</span></Link>
                      </span>
                    </Td>
                    <Td className="min-w-[22rem]"><JsonDiffView before={entry.before} after={entry.after} /></Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
      </Card>
    </>
  );
}
