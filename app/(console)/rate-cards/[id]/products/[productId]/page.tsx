import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs, DataTable } from "@/components/console/list-page";
import { RateTimeline } from "@/components/pricing/rate-timeline";
import { groupText, priceSummary, RATE_TYPE_LABELS, rateTypesFor, toRateView } from "@/components/pricing/rate-view";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Td } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can, type ServiceContext } from "@/lib/services/context";
import { listProductRateHistory, type RateHistory } from "@/lib/services/rate-cards/list-product-rate-history";
import { rateHref } from "../../rate-links";

export const metadata: Metadata = { title: "Price history" };

async function loadHistory(ctx: ServiceContext, rateCardId: string, productId: string, now: Date): Promise<RateHistory> {
  return loadOr404(() => listProductRateHistory(ctx, { rate_card_id: rateCardId, product_id: productId }, now), ["not_found", "bad_request"]);
}

function status(rate: { startingAt: Date; endingBefore: Date | null }, now: Date) {
  if (rate.endingBefore && rate.endingBefore <= now) return <Badge>Past</Badge>;
  if (rate.startingAt > now) return <Badge tone="green">Scheduled</Badge>;
  return <Badge tone="blue">In force</Badge>;
}

export default async function RateHistoryPage({ params }: { params: Promise<{ id: string; productId: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const { id, productId } = await params;
  const now = new Date();
  const { card, product, series } = await loadHistory(ctx, id, productId, now);
  // FIXED products are billed by amount (commits, charges), so no rate type prices them.
  const canEdit = can(user, "pricing:write") && !card.archivedAt && !product.archivedAt && rateTypesFor(product.type).length > 0;
  const labelOf = (values: Record<string, string> | null, frequency: string | null) =>
    [groupText(values) ?? "All usage", frequency?.toLowerCase()].filter(Boolean).join(" · ");
  return (
    <>
      <Breadcrumbs trail={[{ href: "/rate-cards", label: "Rate cards" }, { href: `/rate-cards/${card.id}`, label: card.name }]} />
      <PageHeader
        title={product.current.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>Price history on {card.name}: every price this card has had or will have for the product.</span>
            <Link href={`/products/${product.id}`} className="font-medium text-brand-700 hover:underline">Product details</Link>
          </span>
        }
        actions={canEdit && <Link href={`/rate-cards/${card.id}/rates/new?product=${product.id}`} className={buttonClassName("secondary")}>Add a rate</Link>}
      />
      {series.length === 0 ? (
        <Card>
          <EmptyState title="No prices yet">This card has never priced {product.current.name}.</EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card title="Timeline">
            <RateTimeline series={series.map((s) => ({ label: labelOf(s.pricingGroupValues, s.billingFrequency), rates: s.rates.map(toRateView) }))} now={now} />
          </Card>
          {series.map((s) => {
            const label = labelOf(s.pricingGroupValues, s.billingFrequency);
            const open = s.rates.find((r) => r.startingAt <= now && r.endingBefore === null);
            return (
              <Card
                key={label}
                title={label}
                actions={
                  canEdit &&
                  open && (
                    <span className="flex gap-3 text-sm font-medium">
                      <Link href={rateHref(card.id, open)} className="text-brand-700 hover:underline" aria-label={`Change price: ${label}`}>Change price</Link>
                      <Link href={rateHref(card.id, open, "promotion")} className="text-brand-700 hover:underline" aria-label={`Promotional price: ${label}`}>Promotional price</Link>
                    </span>
                  )
                }
              >
                <DataTable
                  caption={`Rates for ${product.current.name}, ${label}`}
                  columns={["Status", "From", "Until", "Price", "Added"]}
                  rows={[...s.rates].reverse()}
                  row={(rate) => (
                    <tr key={rate.id} className="align-top">
                      <Td>{status(rate, now)}</Td>
                      <Td className="whitespace-nowrap text-slate-700">{formatDateTime(rate.startingAt)}</Td>
                      <Td className="whitespace-nowrap text-slate-700">{rate.endingBefore ? formatDateTime(rate.endingBefore) : <span className="text-slate-500">No end</span>}</Td>
                      <Td className="tabular text-slate-900">
                        {priceSummary(toRateView(rate))}
                        <p className="mt-0.5 text-xs text-slate-500">{RATE_TYPE_LABELS[rate.spec.rateType]}{rate.entitled ? "" : " · not entitled"}</p>
                      </Td>
                      <Td className="whitespace-nowrap text-xs text-slate-500">{formatDateTime(rate.createdAt)}{rate.createdBy ? <><br />by {rate.createdBy}</> : null}</Td>
                    </tr>
                  )}
                />
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
