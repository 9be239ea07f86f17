import type { Metadata } from "next";
import Link from "next/link";
import { FilterSelect, ListPage, ReadOnlyNote } from "@/components/console/list-page";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
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
  const canWrite = can(user, "customers:write");
  return (
    <>
      <PageHeader
        title="Contracts"
        description="Each customer's terms: the rate card they pay from, overrides and discounts, commits and credits, subscriptions, and the billing cycle."
        actions={canWrite && <Link href="/contracts/new" className={buttonClassName()}>New contract</Link>}
      />
      {!canWrite && <ReadOnlyNote>Only the sales or admin role can create or edit contracts; you can look.</ReadOnlyNote>}
      <ListPage pathname={PATH} params={params} page={page} search="Contract or customer name" searchWidth="w-64" filtered={params.status !== "live"}
        filters={<FilterSelect label="Show" name="status" value={params.status} options={CONTRACT_STATUS_OPTIONS} />}
        empty={{ title: "No contracts yet", hint: canWrite ? "Create one with the guided flow, or through POST /v1/contracts/create." : "Contracts appear here once sales creates them." }}
        noMatch={{ title: "No contracts match", hint: "Try another name or status, or clear the filters." }}
        caption="Contracts"
        columns={["Customer", "Contract", "Rate card", "Dates", "Status"]}
        row={(c) => (
          <tr key={c.id} className="hover:bg-slate-50">
            <Td className="font-medium"><Link href={`/customers/${c.customerId}`} className="text-slate-900 hover:text-brand-700 hover:underline">{c.customerName}</Link></Td>
            <Td><Link href={`/contracts/${c.id}`} className="font-medium text-brand-700 hover:underline">{c.name ?? "Unnamed contract"}</Link></Td>
            <Td className="text-slate-600">{c.rateCardId ? <Link href={`/rate-cards/${c.rateCardId}`} className="hover:text-brand-700 hover:underline">{c.rateCardName}</Link> : "—"}</Td>
            <Td className="whitespace-nowrap text-slate-600">{contractDates(c.startingAt, c.endingBefore)}</Td>
            <Td><ContractStatusBadge status={c.status} /></Td>
          </tr>
        )}
      />
    </>
  );
}
