import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/console/pager";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { FilterBar } from "@/components/console/filter-bar";
import { groupText, priceSummary, RATE_TYPE_LABELS, rateTypesFor, toRateView } from "@/components/pricing/rate-view";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { formatAmount, inDollars } from "@/lib/format-money";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCreditTypes } from "@/lib/services/credit-types/list-credit-types";
import { listCustomFieldKeys } from "@/lib/services/custom-fields/list-custom-field-keys";
import { listNamedSchedules } from "@/lib/services/named-schedules/list-named-schedules";
import { listProducts } from "@/lib/services/products/list-products";
import { getRateSchedule } from "@/lib/services/rate-cards/get-rate-schedule";
import { listRateCardProductOrder } from "@/lib/services/rate-cards/list-rate-card-product-order";
import { CustomFieldsCard } from "../../custom-fields/custom-fields-card";
import { NamedSchedulesCard } from "../../named-schedules/named-schedules-card";
import { ArchiveRateCardButton, DuplicateRateCardForm, EditRateCardForm } from "../rate-card-forms";
import { loadRateCard } from "./load-rate-card";
import { ProductOrderList } from "./product-order";
import { rateHref } from "./rate-links";

export const metadata: Metadata = { title: "Rate card" };

export default async function RateCardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const card = await loadRateCard(ctx, (await params).id);
  const query = readParams(await searchParams, ["product", "next_page"]);
  const now = new Date();
  const path = `/rate-cards/${card.id}`;
  const [schedule, products, units, customFieldKeys, invoiceOrder, namedSchedules] = await Promise.all([
    getRateSchedule(ctx, {
      rate_card_id: card.id,
      starting_at: now.toISOString(),
      selectors: query.product ? [{ product_id: query.product }] : undefined,
      limit: 50,
      next_page: query.next_page,
    }),
    listProducts(ctx, { archive_filter: "ALL", sort: "name", limit: 100 }),
    listCreditTypes(ctx, { limit: 100 }),
    listCustomFieldKeys(ctx, { entities: ["rate_card"] }),
    listRateCardProductOrder(ctx, card.id, now),
    listNamedSchedules(ctx, "rate_card", card.id),
  ]);
  const canEdit = can(user, "pricing:write") && !card.archivedAt;
  const convertible = units.data
    .filter((u) => !u.isFiat && !card.creditTypeConversions.some((c) => c.customCreditType.id === u.id))
    .map((u) => ({ id: u.id, name: u.name, fiatPerUnit: u.fiatConversionRate?.toFixed() ?? null }));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/rate-cards" className="text-slate-500 hover:text-slate-900">Rate cards</Link>
      </nav>
      <PageHeader
        title={card.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {card.archivedAt ? <Badge>Archived {formatDateTime(card.archivedAt)}</Badge> : <Badge tone="green">Live</Badge>}
            <span>{card.description ?? "No description"}</span>
          </span>
        }
        actions={<span className="flex gap-2"><Link href={`/simulations?card=${card.id}`} className={buttonClassName("secondary")}>Simulate a price change</Link>{canEdit && <Link href={`${path}/rates/new`} className={buttonClassName()}>Add a rate</Link>}</span>}
      />
      {!can(user, "pricing:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can change prices; you can look.</p>
      )}
      <div className="space-y-6">
        <Card title="Prices now and scheduled" description={`Every rate in force now or later, by product. Prices are per unit of the product's metric, in ${inDollars(card.fiatCreditType) ? "US dollars" : card.fiatCreditType.name} unless a rate says otherwise.`}>
          <FilterBar pathname={path} active={Boolean(query.product)}>
            <div className="w-72">
              <SelectField
                label="Product"
                name="product"
                defaultValue={query.product ?? ""}
                options={[{ value: "", label: "All products" }, ...products.data.map((p) => ({ value: p.id, label: p.current.name }))]}
              />
            </div>
          </FilterBar>
          {schedule.data.length === 0 ? (
            <EmptyState title={query.product ? "No prices for this product" : "No prices yet"}>
              {canEdit ? "Add a rate to price a product on this card." : "Nothing is priced on this card from now on."}
            </EmptyState>
          ) : (
            <Table caption={`Prices on ${card.name}`}>
              <thead>
                <tr>
                  <Th>Product</Th>
                  <Th>Pricing group</Th>
                  <Th>Price</Th>
                  <Th>Applies</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {schedule.data.map((rate) => {
                  const view = toRateView(rate);
                  const current = rate.startingAt <= now;
                  return (
                    <tr key={rate.id} className="align-top hover:bg-slate-50">
                      <Td className="font-medium">
                        <Link href={`${path}/products/${rate.productId}`} className="text-brand-700 hover:underline">{rate.product.name}</Link>
                        <p className="mt-0.5 text-xs font-normal text-slate-500">{RATE_TYPE_LABELS[rate.spec.rateType]}{rate.entitled ? "" : " · not entitled"}</p>
                      </Td>
                      <Td className="text-slate-600">{groupText(rate.pricingGroupValues) ?? <span className="text-slate-500">All usage</span>}</Td>
                      <Td className="tabular max-w-sm text-slate-900">{priceSummary(view)}</Td>
                      <Td className="whitespace-nowrap text-slate-600">
                        <span className="flex flex-col gap-1">
                          <span>{current ? <Badge tone="green">Now</Badge> : <Badge tone="blue">From {formatDateTime(rate.startingAt)}</Badge>}</span>
                          {rate.endingBefore && <span className="text-xs">until {formatDateTime(rate.endingBefore)}</span>}
                        </span>
                      </Td>
                      <Td align="right">
                        {canEdit && current && !rate.endingBefore && !rate.product.archived && rateTypesFor(rate.product.type).length > 0 && (
                          <Link href={rateHref(card.id, rate)} className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline" aria-label={`Change the price of ${rate.product.name}${groupText(rate.pricingGroupValues) ? ` (${groupText(rate.pricingGroupValues)})` : ""}`}>
                            Change price
                          </Link>
                        )}
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
          <Pager pathname={path} params={{ product: query.product, next_page: query.next_page }} nextPage={schedule.next_page} shown={schedule.data.length} />
        </Card>
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6">
            <Card title="Details">
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="text-slate-500">Currency</dt>
                  <dd className="text-slate-900">{card.fiatCreditType.name}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Also priced in</dt>
                  <dd className="text-slate-900">
                    {card.creditTypeConversions.length
                      ? card.creditTypeConversions.map((c) => (
                          <span key={c.customCreditType.id} className="block">{c.customCreditType.name}: 1 = {formatAmount(c.fiatPerCustomCredit, card.fiatCreditType)}</span>
                        ))
                      : "—"}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Aliases</dt>
                  <dd className="text-slate-900">{card.aliases.map((a) => a.name).join(", ") || "—"}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Rate card ID</dt>
                  <dd className="break-all font-mono text-xs text-slate-900">{card.id}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Created</dt>
                  <dd className="text-slate-900">{formatDateTime(card.createdAt)}{card.createdBy ? ` by ${card.createdBy}` : ""}</dd>
                </div>
              </dl>
            </Card>
            <Card title="Invoice order" description="Charges for this card's products appear on invoices in this order.">
              <ProductOrderList rateCardId={card.id} products={invoiceOrder} canEdit={canEdit} />
            </Card>
            <CustomFieldsCard entity="rate_card" entityId={card.id} noun="rate card" fields={card.customFields} keys={customFieldKeys.data} canEdit={canEdit} />
            <NamedSchedulesCard schedules={namedSchedules} noun="rate card" />
          </div>
          {canEdit && (
            <>
              <Card title="Edit">
                <EditRateCardForm card={{ id: card.id, name: card.name, description: card.description, aliases: card.aliases.map((a) => a.name) }} units={convertible} />
              </Card>
              <div className="space-y-6">
                <Card title="Duplicate" description="A new card with this one's currency, units and every rate: the start of a new price list.">
                  <DuplicateRateCardForm id={card.id} name={card.name} />
                </Card>
                <Card title="Archive" description="Contracts on this card keep their prices; it takes no new rates or contracts.">
                  <ArchiveRateCardButton id={card.id} name={card.name} />
                </Card>
              </div>
            </>
          )}
        </div>
      </div>
    </>
  );
}
