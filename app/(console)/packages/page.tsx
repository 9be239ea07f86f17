import type { Metadata } from "next";
import Link from "next/link";
import { ChipsCell, DateTimeCell, ListPage, NameCell } from "@/components/console/list-page";
import { readSortedParams, type SearchParams } from "@/components/console/url-state";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { consoleContext } from "@/lib/server/console-context";
import { listPackages } from "@/lib/services/packages/list-packages";
import { lasting } from "./offsets";

export const metadata: Metadata = { title: "Packages" };

const PATH = "/packages";

export default async function PackagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const params = readSortedParams(await searchParams, ["archived"], ["created_at"]);
  const page = await listPackages(ctx, { archive_filter: params.archived === "true" ? "ALL" : "NOT_ARCHIVED", next_page: params.next_page, limit: 25 });
  return (
    <>
      <PageHeader
        title="Packages"
        description="Contract templates: a rate card and terms whose dates count from the contract's start. Create one through POST /v1/packages/create; create contracts from it here or in the contract builder."
      />
      <p className="mb-4 text-sm"><Link href="/contracts/new" className="text-brand-700 hover:underline">New contract (from a package or from scratch) →</Link></p>
      <ListPage pathname={PATH} params={params} page={page} includeArchived
        empty={{ title: "No packages yet", hint: "Create one through POST /v1/packages/create (client.v1.packages.create)." }}
        noMatch={{ title: "No packages match", hint: "Clear the filter." }}
        caption="Packages"
        columns={["Name", "Aliases", "Contract length", "Terms", "Created"]}
        row={(p) => {
          const t = p.terms;
          const terms = [
            [t.commits?.length, "commit"],
            [t.credits?.length, "credit"],
            [t.overrides?.length, "override"],
            [t.scheduled_charges?.length, "scheduled charge"],
            [(t.recurring_commits?.length ?? 0) + (t.recurring_credits?.length ?? 0), "recurring balance"],
            [t.subscriptions?.length, "subscription"],
          ].flatMap(([n, what]) => (n ? [`${n} ${what}${n === 1 ? "" : "s"}`] : []));
          return (
            <tr key={p.id} className="hover:bg-slate-50">
              <NameCell href={`/packages/${p.id}`} name={p.name} archived={Boolean(p.archivedAt)} />
              <ChipsCell items={p.aliases.map((a) => ({ key: `${a.name}-${a.starting_at ?? ""}`, text: a.name }))} />
              <Td className="text-slate-600">{lasting(t.duration)}</Td>
              <Td className="text-slate-600">{terms.join(", ") || "rates only"}</Td>
              <DateTimeCell at={p.createdAt} />
            </tr>
          );
        }}
      />
    </>
  );
}
