import { explainRefusal } from "@/lib/billing/errors";
import { indexRateCard, type RateCardIndex } from "@/lib/billing/rate-schedule";
import type { BillableMetric, CreditType, Product, Rate } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { METRIC_SELECT, toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import { PRODUCT_SELECT, toEngineProduct, toProductRecord, versionAt, type ProductRow } from "@/lib/services/products/product-record";
import { readRateCard } from "@/lib/services/rate-cards/rate-card-record";
import { RATE_SELECT, toRateRecord } from "@/lib/services/rate-cards/rate-record";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { CatalogCache, catalogVersion } from "./catalog-cache";

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

/** What a rate card prices with, as stored: everything a PricingContext is built from. */
type PricingRows = {
  card: Awaited<ReturnType<typeof readRateCard>>;
  rateRows: Prisma.RateGetPayload<{ select: typeof RATE_SELECT }>[];
  creditTypes: Awaited<ReturnType<typeof readCreditTypes>>;
  productRows: ProductRow[];
  metricRows: Prisma.BillableMetricGetPayload<{ select: typeof METRIC_SELECT }>[];
};

const rowsCache = new CatalogCache<PricingRows>(200);
const contextCache = new CatalogCache<PricingContext>(400);

/**
 * The rate card as the engine indexes it, with every product it prices and every product in
 * `extraProductIds` (those a contract's commits, charges and subscriptions bill under), as they
 * are defined at `at`. Cached under the catalog version (catalog-cache.ts): the rows per version,
 * and the context per set of product versions in force at `at`.
 */
export async function loadPricingContext(db: Db, rateCardId: string, extraProductIds: Iterable<string>, at: Date, version?: bigint): Promise<PricingContext> {
  const ids = [...new Set(extraProductIds)].sort();
  const rowsKey = `${version ?? (await catalogVersion(db))}|${rateCardId}|${ids.join(",")}`;
  const rows = await rowsCache.get(rowsKey, () => readPricingRows(db, rateCardId, ids));
  const inForce = rows.productRows.map((row) => versionAt(row.versions, at).id).join(",");
  return contextCache.get(`${rowsKey}|${inForce}`, async () => buildPricingContext(rows, at));
}

async function readPricingRows(db: Db, rateCardId: string, extraProductIds: readonly string[]): Promise<PricingRows> {
  const card = await readRateCard(db, rateCardId);
  const rateRows = await db.rate.findMany({ where: { rateCardId }, select: RATE_SELECT, orderBy: [{ productId: "asc" }, { startingAt: "asc" }] });
  const creditTypes = await readCreditTypes(db, [card.fiatCreditType.id, ...rateRows.map((r) => r.creditTypeId)]);
  const productRows = await db.product.findMany({ where: { id: { in: [...new Set([...rateRows.map((r) => r.productId), ...extraProductIds])] } }, select: PRODUCT_SELECT });
  // Composite products price the spend of others (in any of their versions): those must be known too.
  const known = new Set(productRows.map((row) => row.id));
  const covered = [...new Set(productRows.flatMap((row) => row.versions.flatMap((v) => v.compositeProductIds)))].filter((id) => !known.has(id));
  if (covered.length) productRows.push(...(await db.product.findMany({ where: { id: { in: covered } }, select: PRODUCT_SELECT })));
  const metricIds = [...new Set(productRows.flatMap((row) => row.versions.map((v) => v.billableMetricId)))].filter((id): id is string => !!id);
  const metricRows = await db.billableMetric.findMany({ where: { id: { in: metricIds } }, select: METRIC_SELECT });
  return { card, rateRows, creditTypes, productRows, metricRows };
}

function buildPricingContext({ card, rateRows, creditTypes, productRows, metricRows }: PricingRows, at: Date): PricingContext {
  const products = new Map(
    productRows.map((row) => {
      const record = toProductRecord(row, at);
      return [record.id, toEngineProduct(record, record.current)];
    }),
  );
  const metricIds = new Set([...products.values()].map((p) => p.billableMetricId));
  const metrics = new Map(metricRows.filter((row) => metricIds.has(row.id)).map((row) => [row.id, toMetricDefinition(row)]));

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
  return explainRefusal({ prefix: `Rate card ${card.name} cannot be priced` }, () => {
    const index = indexRateCard(
      {
        id: card.id,
        name: card.name,
        rates,
        fiatCreditType: fiat,
        creditTypeConversions: card.creditTypeConversions.map((c) => ({ customCreditType: c.customCreditType, fiatPerCustomCredit: c.fiatPerCustomCredit })),
        ...(card.productOrder.length ? { productOrder: card.productOrder } : {}),
      },
      [...products.values()],
      [...metrics.values()] as BillableMetric[],
    );
    return { index, fiat, products, metrics };
  });
}
