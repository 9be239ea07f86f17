import type { Metadata } from "next";
import Link from "next/link";
import { JsonDiffView } from "@/components/console/json-diff-view";
import { FilterSelect, FilterText, ListPage } from "@/components/console/list-page";
import { dayParam, readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { listAuditEntries } from "@/lib/services/audit/list-audit-entries";
import { listAuditObjectTypes } from "@/lib/services/audit/list-audit-object-types";

export const metadata: Metadata = { title: "Audit log" };

const PATH = "/audit-log";
const DAY = 86_400_000;

/** Where an entry's object lives in the console, when it has a page. */
function objectHref(objectType: string, objectId: string): string | undefined {
  const pages: Record<string, string> = { contract: "/contracts", customer: "/customers", product: "/products", rate_card: "/rate-cards", billable_metric: "/billable-metrics" };
  return pages[objectType] ? `${pages[objectType]}/${objectId}` : undefined;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const params = readParams(await searchParams, ["actor", "object_type", "object_id", "from", "to", "next_page"]);
  const from = dayParam(params.from);
  const to = dayParam(params.to);
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
  return (
    <>
      <PageHeader title="Audit log" description="Every change to prices, products, customers, contracts and invoices: who made it, when, and what it changed." />
      <ListPage pathname={PATH} params={params} page={page}
        filtered={Boolean(params.actor || params.object_type || params.object_id || from || to)}
        filters={
          <>
            <FilterText width="w-44" label="Actor" name="actor" type="search" placeholder="Name or key" value={params.actor} />
            <FilterSelect label="Object type" name="object_type" value={params.object_type ?? ""} options={[{ value: "", label: "All types" }, ...objectTypes.map((t) => ({ value: t, label: t.replaceAll("_", " ") }))]} />
            <FilterText label="Object id" name="object_id" placeholder="UUID" value={params.object_id} />
            <FilterText width="w-40" label="From" name="from" type="date" value={params.from} />
            <FilterText width="w-40" label="To" name="to" type="date" value={params.to} />
          </>
        }
        empty={{ title: "No changes recorded yet", hint: "Changes appear here as soon as anyone makes one." }}
        noMatch={{ title: "No changes match", hint: "Try another actor, object or date, or clear the filters." }}
        caption="Audit log"
        columns={["When", "Actor", "Change", "Before → after"]}
        row={(entry) => {
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
        }}
      />
    </>
  );
}
