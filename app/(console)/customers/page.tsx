import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { SortableTh } from "@/components/console/sortable-th";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { listCustomerStandings } from "@/lib/services/overview/list-customer-standings";
import { CustomerStandingCells } from "@/components/customers/customer-standing-cells";
import { Freshness } from "@/components/console/freshness";
import { readFreshness } from "@/lib/services/billing-state/read-freshness";
import { CreateCustomerForm } from "./create-customer-form";

export const metadata: Metadata = { title: "Customers" };

const PATH = "/customers";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const raw = readParams(await searchParams, ["search", "status", "sort", "order", "next_page"]);
  const sort = oneOf(raw.sort, ["name", "created_at", "charges", "remaining"], "name");
  const params = { ...raw, sort, order: oneOf(raw.order, ["asc", "desc"], sort === "name" ? "asc" : "desc") };
  const archived = params.status === "archived";
  const page = await listCustomers(ctx, { search: params.search, only_archived: archived, sort, order: params.order, next_page: params.next_page, limit: 25 });
  const [standings, freshness] = await Promise.all([listCustomerStandings(ctx, page.data.map((c) => c.id)), readFreshness(ctx.db)]);
  const filtered = Boolean(params.search || archived);
  return (
    <>
      <PageHeader title="Customers" description="Who you bill. Events name a customer by its id or by any of its ingest aliases." />
      {can(user, "customers:write") && (
        <details className="group mb-6 rounded-xl border border-slate-200 bg-white shadow-xs">
          <summary className="cursor-pointer list-none px-5 py-4 text-sm font-semibold text-slate-900 marker:hidden">
            <span className="inline-flex items-center gap-2">
              <span aria-hidden className="flex h-5 w-5 items-center justify-center rounded bg-brand-600 text-white group-open:rotate-45 transition-transform">+</span>
              New customer
            </span>
          </summary>
          <div className="border-t border-slate-100 px-5 py-4">
            <CreateCustomerForm />
          </div>
        </details>
      )}
      <Card>
        <FilterBar pathname={PATH} active={filtered} keep={{ sort: params.sort, order: params.order }}>
          <div className="w-72">
            <TextField label="Search" name="search" type="search" placeholder="Name, alias or id" defaultValue={params.search} />
          </div>
          <div className="w-48">
            <SelectField label="Show" name="status" defaultValue={archived ? "archived" : "live"} options={[{ value: "live", label: "Live customers" }, { value: "archived", label: "Archived customers" }]} />
          </div>
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No customers match" : "No customers yet"}>
            {filtered ? "Try another name or alias, or clear the search." : "Create one above, or through POST /v1/customers."}
          </EmptyState>
        ) : (
          <Table caption="Customers">
            <thead>
              <tr>
                <SortableTh label="Name" column="name" pathname={PATH} params={params} />
                <Th>Ingest aliases</Th>
                <SortableTh label="Charges this period" column="charges" pathname={PATH} params={params} firstOrder="desc" align="right" />
                <SortableTh label="Commits and credits left" column="remaining" pathname={PATH} params={params} firstOrder="desc" align="right" />
                <SortableTh label="Created" column="created_at" pathname={PATH} params={params} firstOrder="desc" />
              </tr>
            </thead>
            <tbody>
              {page.data.map((customer) => (
                <tr key={customer.id} className="hover:bg-slate-50">
                  <Td className="font-medium">
                    <Link href={`/customers/${customer.id}`} className="text-brand-700 hover:underline">{customer.name}</Link>
                    {customer.archivedAt && <span className="ml-2"><Badge>Archived</Badge></span>}
                  </Td>
                  <Td>
                    {customer.ingestAliases.length ? (
                      <span className="flex flex-wrap gap-1">
                        {customer.ingestAliases.map((alias) => (
                          <code key={alias} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{alias}</code>
                        ))}
                      </span>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </Td>
                  <CustomerStandingCells standing={standings.get(customer.id)} />
                  <Td className="whitespace-nowrap text-slate-500">{formatDateTime(customer.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
        <p className="mt-3 text-xs text-slate-500">
          Charges and balances: <Freshness freshness={freshness} now={new Date()} />.
        </p>
      </Card>
    </>
  );
}
