import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { findContracts } from "@/lib/services/contracts/find-contracts";
import { CONTRACT_STATUS_OPTIONS, ContractStatusBadge, contractDates } from "./contract-text";

export const metadata: Metadata = { title: "Contracts" };

const PATH = "/contracts";
const STATUSES = ["live", "active", "upcoming", "ended", "archived", "all"] as const;

export default async function ContractsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const raw = readParams(await searchParams, ["search", "status", "next_page"]);
  const params = { ...raw, status: oneOf(raw.status, STATUSES, "live") };
  const page = await findContracts(ctx, { search: params.search, status: params.status === "all" ? undefined : params.status, next_page: params.next_page, limit: 25 }, new Date());
  const filtered = Boolean(params.search || params.status !== "live");
  const canWrite = can(user, "customers:write");
  return (
    <>
      <PageHeader
        title="Contracts"
        description="Each customer's terms: the rate card they pay from, overrides and discounts, commits and credits, subscriptions, and the billing cycle."
        actions={canWrite && <Link href="/contracts/new" className={buttonClassName()}>New contract</Link>}
      />
      {!canWrite && <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the sales or admin role can create or edit contracts; you can look.</p>}
      <Card>
        <FilterBar pathname={PATH} active={filtered}>
          <div className="w-64">
            <TextField label="Search" name="search" type="search" placeholder="Contract or customer name" defaultValue={params.search} />
          </div>
          <div className="w-44">
            <SelectField label="Show" name="status" defaultValue={params.status} options={CONTRACT_STATUS_OPTIONS} />
          </div>
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No contracts match" : "No contracts yet"}>
            {filtered ? "Try another name or status, or clear the filters." : canWrite ? "Create one with the guided flow, or through POST /v1/contracts/create." : "Contracts appear here once sales creates them."}
          </EmptyState>
        ) : (
          <Table caption="Contracts">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th>Contract</Th>
                <Th>Rate card</Th>
                <Th>Dates</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <Td className="font-medium"><Link href={`/customers/${c.customerId}`} className="text-slate-900 hover:text-brand-700 hover:underline">{c.customerName}</Link></Td>
                  <Td><Link href={`/contracts/${c.id}`} className="font-medium text-brand-700 hover:underline">{c.name ?? "Unnamed contract"}</Link></Td>
                  <Td className="text-slate-600">{c.rateCardId ? <Link href={`/rate-cards/${c.rateCardId}`} className="hover:text-brand-700 hover:underline">{c.rateCardName}</Link> : "—"}</Td>
                  <Td className="whitespace-nowrap text-slate-600">{contractDates(c.startingAt, c.endingBefore)}</Td>
                  <Td><ContractStatusBadge status={c.status} /></Td>
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
