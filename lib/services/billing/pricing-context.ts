import { indexRateCard, type RateCardIndex } from "@/lib/billing/rate-schedule";
import type { BillableMetric, CreditType, Product, Rate } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { METRIC_SELECT, toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import { PRODUCT_SELECT, toEngineProduct, toProductRecord } from "@/lib/services/products/product-record";
import { readRateCard } from "@/lib/services/rate-cards/rate-card-record";
import { RATE_SELECT, toRateRecord } from "@/lib/services/rate-cards/rate-record";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";

// Everything the engine needs to price a contract, read from the database and shaped as its
// input types: the rate card indexed (rates over time), its products as they are defined at
// `at`, and the metrics that measure them.

export type PricingContext = {
  index: RateCardIndex;
  fiat: CreditType;
  products: Map<string, Product>;
  metrics: Map<string, MetricDefinition>;
};

type Db = Prisma.TransactionClient;

/** Products by id as the engine reads them at `at` (archived ones too: history still bills). */
export async function loadEngineProducts(db: Db, ids: Iterable<string>, at: Date): Promise<Map<string, Product>> {
  const rows = await db.product.findMany({ where: { id: { in: [...new Set(ids)] } }, select: PRODUCT_SELECT });
  return new Map(
    rows.map((row) => {
      const record = toProductRecord(row, at);
      return [record.id, toEngineProduct(record, record.current)];
    }),
  );
}

/**
 * The rate card as the engine indexes it, with every product it prices and every product in
 * `extraProductIds` (those a contract's commits, charges and subscriptions bill under).
 */
/**
 * Pricing contexts already loaded, by rate card, products and instant: a run that prices many
 * contracts at one instant (a period close) loads each rate card once. Only for such runs —
 * nothing invalidates it, so it must not outlive the instant it was made for.
 */
export type PricingMemo = Map<string, Promise<PricingContext>>;

export function loadPricingContext(db: Db, rateCardId: string, extraProductIds: Iterable<string>, at: Date, memo?: PricingMemo): Promise<PricingContext> {
  if (!memo) return readPricingContext(db, rateCardId, extraProductIds, at);
  const ids = [...new Set(extraProductIds)].sort();
  const key = `${rateCardId}|${at.getTime()}|${ids.join(",")}`;
  let context = memo.get(key);
  if (!context) {
    context = readPricingContext(db, rateCardId, ids, at);
    memo.set(key, context);
    // A failed load is not remembered: the next contract tries again and gets its own error.
    context.catch(() => memo.delete(key));
  }
  return context;
}

async function readPricingContext(db: Db, rateCardId: string, extraProductIds: Iterable<string>, at: Date): Promise<PricingContext> {
  const card = await readRateCard(db, rateCardId);
  const rateRows = await db.rate.findMany({ where: { rateCardId }, select: RATE_SELECT, orderBy: [{ productId: "asc" }, { startingAt: "asc" }] });
  const creditTypes = await readCreditTypes(db, [card.fiatCreditType.id, ...rateRows.map((r) => r.creditTypeId)]);
  const products = await loadEngineProducts(db, [...rateRows.map((r) => r.productId), ...extraProductIds], at);
  // Composite products price the spend of others: those must be known to the index too.
  const covered = [...products.values()].flatMap((p) => p.compositeProductIds ?? []).filter((id) => !products.has(id));
  for (const [id, product] of await loadEngineProducts(db, covered, at)) products.set(id, product);

  const metricIds = [...products.values()].map((p) => p.billableMetricId).filter((id): id is string => !!id);
  const metricRows = await db.billableMetric.findMany({ where: { id: { in: metricIds } }, select: METRIC_SELECT });
  const metrics = new Map(metricRows.map((row) => [row.id, toMetricDefinition(row)]));

  const rates: Rate[] = rateRows.map((row) => {
    const rate = toRateRecord(row, creditTypes);
    return {
      ...rate.spec,
      productId: rate.productId,
      startingAt: rate.startingAt,
      ...(rate.endingBefore ? { endingBefore: rate.endingBefore } : {}),
      entitled: rate.entitled,
      ...(rate.pricingGroupValues ? { pricingGroupValues: rate.pricingGroupValues } : {}),
      ...(rate.billingFrequency ? { billingFrequency: rate.billingFrequency } : {}),
      creditType: rate.creditType,
    };
  });
  const fiat = card.fiatCreditType;
  try {
    const index = indexRateCard(
      {
        id: card.id,
        name: card.name,
        rates,
        fiatCreditType: fiat,
        creditTypeConversions: card.creditTypeConversions.map((c) => ({ customCreditType: c.customCreditType, fiatPerCustomCredit: c.fiatPerCustomCredit })),
      },
      [...products.values()],
      [...metrics.values()] as BillableMetric[],
    );
    return { index, fiat, products, metrics };
  } catch (error) {
    if (error instanceof Error && error.name === "BillingInputError") throw new AppError("unprocessable", `Rate card ${card.name} cannot be priced: ${error.message}`);
    throw error;
  }
}
