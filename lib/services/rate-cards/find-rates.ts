import { includesGroupValues } from "@/lib/billing/groups";
import type { ProductType } from "@/lib/billing/types";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, encodeCursor } from "@/lib/services/pagination";
import { PRODUCT_SELECT, toProductRecord, versionAt } from "@/lib/services/products/product-record";
import type { RateCardRecord } from "./rate-card-record";
import { RATE_SELECT, toRateRecord, type RateRecord } from "./rate-record";
import type { RateSelector } from "./schemas";

/** A rate with its product as it was named and tagged at the time the rate is read for. */
export type ProductRate = RateRecord & { product: { name: string; type: ProductType; tags: string[]; archived: boolean; customFields: Record<string, string> } };

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Metronome's selectors: a rate is returned when it matches every field of any one selector. */
function matchesSelector(rate: ProductRate, s: RateSelector): boolean {
  const values = rate.pricingGroupValues ?? {};
  return (
    (!s.product_id || rate.productId === s.product_id) &&
    (!s.product_tags || s.product_tags.some((tag) => rate.product.tags.includes(tag))) &&
    (!s.pricing_group_values || sameValues(values, s.pricing_group_values)) &&
    (!s.partial_pricing_group_values || includesGroupValues(values, s.partial_pricing_group_values)) &&
    (!s.billing_frequency || rate.billingFrequency === s.billing_frequency)
  );
}

/** The page order: by product name, then pricing group, then start; the id makes it total. */
function sortKey(rate: ProductRate): string {
  const group = Object.entries(rate.pricingGroupValues ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return [rate.product.name.toLowerCase(), group, rate.startingAt.toISOString(), rate.id].join("\u0000");
}

/**
 * The card's rates in force at some time in [startingAt, endingBefore) (an open end: any time
 * from startingAt on) that match the selectors, in cursor pages. Selectors and the order need
 * product names and tags, which live on product versions, so the card's rates in the window are
 * read and filtered here: the cost of a page grows with the card, not with the whole catalog.
 */
export async function findRates(
  ctx: ServiceContext,
  card: RateCardRecord,
  window: { startingAt: Date; endingBefore: Date | null },
  selectors: readonly RateSelector[] | undefined,
  page: { limit: number; next_page?: string },
) {
  const after = decodeCursor(page.next_page, ["k"] as const)?.k;
  const rows = await ctx.db.rate.findMany({
    where: {
      rateCardId: card.id,
      OR: [{ endingBefore: null }, { endingBefore: { gt: window.startingAt } }],
      ...(window.endingBefore ? { startingAt: { lt: window.endingBefore } } : {}),
    },
    select: RATE_SELECT,
  });
  const products = new Map(
    (await ctx.db.product.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.productId))] } }, select: PRODUCT_SELECT })).map((row) => [
      row.id,
      toProductRecord(row, window.startingAt),
    ]),
  );
  const creditTypes = new Map([card.fiatCreditType, ...card.creditTypeConversions.map((c) => c.customCreditType)].map((t) => [t.id, t]));
  const rates = rows
    .map((row): ProductRate => {
      const rate = toRateRecord(row, creditTypes);
      const product = products.get(row.productId)!;
      const version = versionAt(product.versions, rate.startingAt > window.startingAt ? rate.startingAt : window.startingAt);
      return { ...rate, product: { name: version.name, type: product.type, tags: version.tags, archived: product.archivedAt !== null, customFields: product.customFields as Record<string, string> } };
    })
    .filter((rate) => !selectors?.length || selectors.some((s) => matchesSelector(rate, s)))
    .map((rate) => ({ rate, key: sortKey(rate) }))
    .filter(({ key }) => after === undefined || key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const data = rates.slice(0, page.limit);
  const last = data[data.length - 1];
  return { data: data.map(({ rate }) => rate), next_page: rates.length > page.limit && last ? encodeCursor({ k: last.key }) : null };
}
