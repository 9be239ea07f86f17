import type { Metadata } from "next";
import { ChipsCell, DateTimeCell, ListBody, ListPage, NameCell, NewItemPanel, ReadOnlyNote } from "@/components/console/list-page";
import { readSortedParams, type SearchParams } from "@/components/console/url-state";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
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
  const params = readSortedParams(await searchParams, ["search", "archived"], ["name", "created_at"]);
  const includeArchived = params.archived === "true";
  const [page, units] = await Promise.all([
    listRateCards(ctx, { search: params.search, include_archived: includeArchived, sort: params.sort, order: params.order, next_page: params.next_page, limit: 25 }),
    listCreditTypes(ctx, { limit: 100 }),
  ]);
  const customUnits = units.data.filter((u) => !u.isFiat);
  const canEdit = can(user, "pricing:write");
  const fiatName = (id: string | null) => units.data.find((u) => u.id === id)?.name ?? "fiat";
  return (
    <>
      <PageHeader title="Rate cards" description="Price lists: what each product costs, and when each price applies. Contracts take their prices from a rate card." />
      {!canEdit && <ReadOnlyNote>Only the pricing or admin role can change prices; you can look.</ReadOnlyNote>}
      {canEdit && (
        <NewItemPanel title="New rate card">
          <CreateRateCardForm units={customUnits.map((u) => ({ id: u.id, name: u.name, fiatPerUnit: u.fiatConversionRate?.toFixed() ?? null }))} />
        </NewItemPanel>
      )}
      <div className="space-y-6">
        <ListPage pathname={PATH} params={params} page={page} search="Rate card name" includeArchived
          empty={{ title: "No rate cards yet", hint: "Create one above, or through POST /v1/contract-pricing/rate-cards/create." }}
          noMatch={{ title: "No rate cards match", hint: "Try another name, or clear the search." }}
          caption="Rate cards"
          columns={[{ label: "Name", sort: "name" }, "Currency", "Also priced in", "Aliases", { label: "Created", sort: "created_at" }]}
          row={(card) => (
            <tr key={card.id} className="hover:bg-slate-50">
              <NameCell href={`/rate-cards/${card.id}`} name={card.name} archived={Boolean(card.archivedAt)}>
                {card.description && <p className="mt-0.5 text-xs font-normal text-slate-500">{card.description}</p>}
              </NameCell>
              <Td className="text-slate-600">{card.fiatCreditType.name}</Td>
              <Td className="text-slate-600">{card.creditTypeConversions.map((c) => c.customCreditType.name).join(", ") || <span className="text-slate-500">—</span>}</Td>
              <ChipsCell items={card.aliases.map((a) => ({ key: `${a.name}-${a.startingAt?.toISOString()}`, text: a.name }))} />
              <DateTimeCell at={card.createdAt} />
            </tr>
          )}
        />
        <Card title="Pricing units" description="Custom units rates can be priced in (e.g. GPU credits), each worth a fixed amount of a fiat currency. A rate card prices in a unit once it converts it.">
          <ListBody
            pathname={PATH}
            params={{}}
            rows={customUnits}
            empty={{ title: "No custom pricing units", hint: "Prices are in US dollars (the API counts them in cents)." }}
            caption="Pricing units"
            columns={["Name", { label: "Worth", align: "right" }, { label: "Decimal places on invoices", align: "right" }]}
            row={(unit) => (
              <tr key={unit.id}>
                <Td className="font-medium">{unit.name}</Td>
                <Td align="right" className="tabular text-slate-600">
                  {unit.fiatConversionRate ? `1 = ${formatAmount(unit.fiatConversionRate, { id: unit.fiatCreditTypeId ?? "", name: fiatName(unit.fiatCreditTypeId) })}` : "—"}
                </Td>
                <Td align="right" className="tabular text-slate-600">{unit.precision}</Td>
              </tr>
            )}
          />
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
