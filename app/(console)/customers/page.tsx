import type { Metadata } from "next";
import { ChipsCell, DateTimeCell, FilterSelect, ListPage, NameCell, NewItemPanel } from "@/components/console/list-page";
import { readSortedParams, type SearchParams } from "@/components/console/url-state";
import { PageHeader } from "@/components/ui/page-header";
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
  const params = readSortedParams(await searchParams, ["search", "status"], ["name", "created_at", "charges", "remaining"]);
  const archived = params.status === "archived";
  const page = await listCustomers(ctx, { search: params.search, only_archived: archived, sort: params.sort, order: params.order, next_page: params.next_page, limit: 25 });
  const [standings, freshness] = await Promise.all([listCustomerStandings(ctx, page.data.map((c) => c.id)), readFreshness(ctx.db)]);
  return (
    <>
      <PageHeader title="Customers" description="Who you bill. Events name a customer by its id or by any of its ingest aliases." />
      {can(user, "customers:write") && (
        <NewItemPanel title="New customer">
          <CreateCustomerForm />
        </NewItemPanel>
      )}
      <ListPage pathname={PATH} params={params} page={page} search="Name, alias or id" filtered={archived}
        filters={<FilterSelect width="w-48" label="Show" name="status" value={archived ? "archived" : "live"} options={[{ value: "live", label: "Live customers" }, { value: "archived", label: "Archived customers" }]} />}
        empty={{ title: "No customers yet", hint: "Create one above, or through POST /v1/customers." }}
        noMatch={{ title: "No customers match", hint: "Try another name or alias, or clear the search." }}
        caption="Customers"
        columns={[
          { label: "Name", sort: "name" },
          "Ingest aliases",
          { label: "Charges this period", sort: "charges", firstOrder: "desc", align: "right" },
          { label: "Commits and credits left", sort: "remaining", firstOrder: "desc", align: "right" },
          { label: "Created", sort: "created_at", firstOrder: "desc" },
        ]}
        row={(customer) => (
          <tr key={customer.id} className="hover:bg-slate-50">
            <NameCell href={`/customers/${customer.id}`} name={customer.name} archived={Boolean(customer.archivedAt)} />
            <ChipsCell items={customer.ingestAliases} dash="text-slate-400" />
            <CustomerStandingCells standing={standings.get(customer.id)} />
            <DateTimeCell at={customer.createdAt} />
          </tr>
        )}
        footer={<>Charges and balances: <Freshness freshness={freshness} now={new Date()} />.</>}
      />
    </>
  );
}
