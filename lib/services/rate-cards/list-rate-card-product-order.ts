import type { ServiceContext } from "@/lib/services/context";
import { effectiveOrder, pricedProducts } from "./product-order";
import { readRateCard } from "./rate-card-record";

/** The products a card prices, in the order their charges appear on invoices, with their current names. */
export async function listRateCardProductOrder(ctx: ServiceContext, rateCardId: string, now = new Date()): Promise<{ id: string; name: string }[]> {
  const card = await readRateCard(ctx.db, rateCardId);
  const order = effectiveOrder(card.productOrder, await pricedProducts(ctx.db, card.id));
  const versions = await ctx.db.productVersion.findMany({ where: { productId: { in: order } }, select: { productId: true, name: true, startingAt: true }, orderBy: { startingAt: "asc" } });
  // Each product's name in force now, or its first one if it starts later.
  const names = new Map<string, string>();
  for (const v of versions) if (!names.has(v.productId) || v.startingAt <= now) names.set(v.productId, v.name);
  return order.map((id) => ({ id, name: names.get(id) ?? id }));
}
