import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/console/list-page";
import { readParams, type SearchParams } from "@/components/console/url-state";
import { groupText, priceSummary, rateTypesFor, toRateView } from "@/components/pricing/rate-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { HOUR_MS } from "@/lib/billing/calendar";
import { formatDateTime } from "@/lib/format";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listProducts } from "@/lib/services/products/list-products";
import { getRates } from "@/lib/services/rate-cards/get-rates";
import { loadRateCard } from "../../load-rate-card";
import { RateForm } from "./rate-form";

export const metadata: Metadata = { title: "Add a rate" };

/** `?group=` holds the pricing group values as JSON; anything else is ignored. */
function readGroup(text: string | undefined): Record<string, string> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string")) return value as Record<string, string>;
  } catch {
    // a hand-edited link: start without a group
  }
  return null;
}

export default async function NewRatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const card = await loadRateCard(ctx, (await params).id);
  const query = readParams(await searchParams, ["product", "group", "mode"]);
  const group = readGroup(query.group);
  const promotion = query.mode === "promotion";
  const now = new Date();
  // Only products some rate type can price (FIXED ones are billed by amount, not by rates).
  const products = (await listProducts(ctx, { sort: "name", limit: 100 })).data.filter((p) => rateTypesFor(p.type).length > 0);
  const chosen = products.find((p) => p.id === query.product);
  // Changing a price starts from the one in force for the same product and pricing group.
  const current = chosen
    ? (await getRates(ctx, { rate_card_id: card.id, at: now.toISOString(), selectors: [{ product_id: chosen.id, pricing_group_values: group ?? {} }], limit: 1 })).data[0]
    : undefined;
  const nextHour = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS);
  const title = promotion ? "Schedule a promotional price" : current ? "Change a price" : "Add a rate";
  return (
    <>
      <Breadcrumbs trail={[{ href: "/rate-cards", label: "Rate cards" }, { href: `/rate-cards/${card.id}`, label: card.name }]} />
      <PageHeader
        title={title}
        description={
          promotion
            ? "A price for a limited time. When it ends, the price in force before it applies again."
            : "A new price from a date. The price in force for the same product and pricing group ends when it starts; earlier invoices keep their prices."
        }
      />
      {!can(user, "pricing:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can change prices; you can look, but saving will be refused.</p>
      )}
      {card.archivedAt ? (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">This rate card is archived; it takes no new rates.</p>
      ) : (
        <Card>
          {current && (
            <p className="mb-5 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700">
              Now: <span className="font-medium text-slate-900">{current.product.name}</span>
              {groupText(current.pricingGroupValues) && <> ({groupText(current.pricingGroupValues)})</>} at{" "}
              <span className="tabular font-medium text-slate-900">{priceSummary(toRateView(current))}</span>, since {formatDateTime(current.startingAt)}.
            </p>
          )}
          <RateForm
            rateCardId={card.id}
            products={products.map((p) => ({ id: p.id, name: p.current.name, type: p.type, pricingGroupKey: p.current.pricingGroupKey }))}
            units={[card.fiatCreditType, ...card.creditTypeConversions.map((c) => c.customCreditType)].map((u) => ({ id: u.id, name: u.name }))}
            defaultUnitId={card.fiatCreditType.id}
            defaultStart={nextHour.toISOString().slice(0, 16)}
            initial={current ? toRateView(current) : null}
            initialProductId={chosen?.id ?? null}
            initialGroup={group}
            promotion={promotion}
          />
        </Card>
      )}
    </>
  );
}
