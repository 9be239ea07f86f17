import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { SortableTh } from "@/components/console/sortable-th";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CheckboxField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCreditTypes } from "@/lib/services/credit-types/list-credit-types";
import { listRateCards } from "@/lib/services/rate-cards/list-rate-cards";
import { CreateCreditTypeForm, CreateRateCardForm } from "./rate-card-forms";

export const metadata: Metadata = { title: "Rate cards" };

const PATH = "/rate-cards";

export default async function RateCardsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const raw = readParams(await searchParams, ["search", "archived", "sort", "order", "next_page"]);
  const sort = oneOf(raw.sort, ["name", "created_at"], "name");
  const params = { ...raw, sort, order: oneOf(raw.order, ["asc", "desc"], sort === "name" ? "asc" : "desc") };
  const includeArchived = params.archived === "true";
  const [page, units] = await Promise.all([
    listRateCards(ctx, { search: params.search, include_archived: includeArchived, sort, order: params.order, next_page: params.next_page, limit: 25 }),
    listCreditTypes(ctx, { limit: 100 }),
  ]);
  const customUnits = units.data.filter((u) => !u.isFiat);
  const canEdit = can(user, "pricing:write");
  const filtered = Boolean(params.search || includeArchived);
  const fiatName = (id: string | null) => units.data.find((u) => u.id === id)?.name ?? "fiat";
  return (
    <>
      <PageHeader title="Rate cards" description="Price lists: what each product costs, and when each price applies. Contracts take their prices from a rate card." />
      {!canEdit && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can change prices; you can look.</p>
      )}
      {canEdit && (
        <details className="group mb-6 rounded-xl border border-slate-200 bg-white shadow-xs">
          <summary className="cursor-pointer list-none px-5 py-4 text-sm font-semibold text-slate-900 marker:hidden">
            <span className="inline-flex items-center gap-2">
              <span aria-hidden className="flex h-5 w-5 items-center justify-center rounded bg-brand-600 text-white transition-transform group-open:rotate-45">+</span>
              New rate card
            </span>
          </summary>
          <div className="border-t border-slate-100 px-5 py-4">
            <CreateRateCardForm units={customUnits.map((u) => ({ id: u.id, name: u.name, fiatPerUnit: u.fiatConversionRate?.toFixed() ?? null }))} />
          </div>
        </details>
      )}
      <div className="space-y-6">
        <Card>
          <FilterBar pathname={PATH} active={filtered} keep={{ sort: params.sort, order: params.order }}>
            <div className="w-72">
              <TextField label="Search" name="search" type="search" placeholder="Rate card name" defaultValue={params.search} />
            </div>
            <CheckboxField label="Include archived" name="archived" value="true" defaultChecked={includeArchived} />
          </FilterBar>
          {page.data.length === 0 ? (
            <EmptyState title={filtered ? "No rate cards match" : "No rate cards yet"}>
              {filtered ? "Try another name, or clear the search." : "Create one above, or through POST /v1/contract-pricing/rate-cards/create."}
            </EmptyState>
          ) : (
            <Table caption="Rate cards">
              <thead>
                <tr>
                  <SortableTh label="Name" column="name" pathname={PATH} params={params} />
                  <Th>Currency</Th>
                  <Th>Also priced in</Th>
                  <Th>Aliases</Th>
                  <SortableTh label="Created" column="created_at" pathname={PATH} params={params} />
                </tr>
              </thead>
              <tbody>
                {page.data.map((card) => (
                  <tr key={card.id} className="hover:bg-slate-50">
                    <Td className="font-medium">
                      <Link href={`/rate-cards/${card.id}`} className="text-brand-700 hover:underline">{card.name}</Link>
                      {card.archivedAt && <span className="ml-2"><Badge>Archived</Badge></span>}
                      {card.description && <p className="mt-0.5 text-xs font-normal text-slate-500">{card.description}</p>}
                    </Td>
                    <Td className="text-slate-600">{card.fiatCreditType.name}</Td>
                    <Td className="text-slate-600">{card.creditTypeConversions.map((c) => c.customCreditType.name).join(", ") || <span className="text-slate-500">—</span>}</Td>
                    <Td>
                      {card.aliases.length ? (
                        <span className="flex flex-wrap gap-1">
                          {card.aliases.map((a) => (
                            <code key={`${a.name}-${a.startingAt?.toISOString()}`} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{a.name}</code>
                          ))}
                        </span>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-500">{formatDateTime(card.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
        </Card>
        <Card title="Pricing units" description="Custom units rates can be priced in (e.g. GPU credits), each worth a fixed amount of a fiat currency. A rate card prices in a unit once it converts it.">
          {customUnits.length === 0 ? (
            <EmptyState title="No custom pricing units">Prices are in US dollars (the API counts them in cents).</EmptyState>
          ) : (
            <Table caption="Pricing units">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th align="right">Worth</Th>
                  <Th align="right">Decimal places on invoices</Th>
                </tr>
              </thead>
              <tbody>
                {customUnits.map((unit) => (
                  <tr key={unit.id}>
                    <Td className="font-medium">{unit.name}</Td>
                    <Td align="right" className="tabular text-slate-600">
                      {unit.fiatConversionRate ? `1 = ${formatAmount(unit.fiatConversionRate, { id: unit.fiatCreditTypeId ?? "", name: fiatName(unit.fiatCreditTypeId) })}` : "—"}
                    </Td>
                    <Td align="right" className="tabular text-slate-600">{unit.precision}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {canEdit && (
            <div className="mt-5 border-t border-slate-100 pt-5">
              <CreateCreditTypeForm />
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
