import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readProduct, type ProductRecord } from "@/lib/services/products/product-record";
import { readRateCard, type RateCardRecord } from "./rate-card-record";
import { RATE_SELECT, rateSeriesKey, toRateRecord, type RateRecord } from "./rate-record";
import { ZListProductRateHistory, type TListProductRateHistory } from "./schemas";

export type RateHistory = {
  card: RateCardRecord;
  product: ProductRecord;
  /** One series per pricing group (and billing frequency), each ascending by start. */
  series: { pricingGroupValues: Record<string, string> | null; billingFrequency: string | null; rates: RateRecord[] }[];
};

/** Every rate a card has had or will have for one product: its price timeline. */
export async function listProductRateHistory(ctx: ServiceContext, input: TListProductRateHistory, now = new Date()): Promise<RateHistory> {
  const { rate_card_id, product_id } = parseInput(ZListProductRateHistory, input);
  const [card, product] = await Promise.all([readRateCard(ctx.db, rate_card_id), readProduct(ctx.db, product_id, now)]);
  const creditTypes = new Map([card.fiatCreditType, ...card.creditTypeConversions.map((c) => c.customCreditType)].map((t) => [t.id, t]));
  const rows = await ctx.db.rate.findMany({
    where: { rateCardId: card.id, productId: product.id },
    orderBy: [{ startingAt: "asc" }, { createdAt: "asc" }],
    select: RATE_SELECT,
  });
  const series = new Map<string, RateHistory["series"][number]>();
  for (const rate of rows.map((row) => toRateRecord(row, creditTypes))) {
    const key = rateSeriesKey(rate);
    const entry = series.get(key) ?? { pricingGroupValues: rate.pricingGroupValues, billingFrequency: rate.billingFrequency, rates: [] };
    entry.rates.push(rate);
    series.set(key, entry);
  }
  return { card, product, series: [...series.values()] };
}
