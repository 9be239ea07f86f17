import type { ServiceContext } from "@/lib/services/context";

/** For each product, the live rate cards with a rate for it (any time): "where is it priced". */
export async function listProductRateCards(ctx: ServiceContext, productIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const pairs = await ctx.db.rate.findMany({
    where: { productId: { in: [...productIds] }, rateCard: { archivedAt: null } },
    distinct: ["productId", "rateCardId"],
    orderBy: [{ productId: "asc" }, { rateCardId: "asc" }],
    select: { productId: true, rateCard: { select: { id: true, name: true } } },
  });
  const byProduct = new Map<string, { id: string; name: string }[]>();
  for (const pair of pairs) byProduct.set(pair.productId, [...(byProduct.get(pair.productId) ?? []), pair.rateCard]);
  return byProduct;
}
