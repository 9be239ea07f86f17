import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { lockProductOrder, refuseUnpriced, writeProductOrder } from "./product-order";
import { ZSetRateCardProductsOrder, type TSetRateCardProductsOrder } from "./schemas";

/**
 * setRateCardProductsOrder: the products listed go first, in the order given; the card's other
 * products follow in the order they had. Returns the new order.
 */
export async function setRateCardProductsOrder(ctx: ServiceContext, input: TSetRateCardProductsOrder): Promise<string[]> {
  authorize(ctx.actor, "pricing:write");
  const { rate_card_id, product_order } = parseInput(ZSetRateCardProductsOrder, input);
  return ctx.db.$transaction(async (tx) => {
    const { id, order: before } = await lockProductOrder(tx, rate_card_id);
    refuseUnpriced(before, product_order.map((productId, i) => ({ id: productId, field: `product_order.${i}` })));
    const listed = new Set(product_order);
    const order = [...product_order, ...before.filter((p) => !listed.has(p))];
    await writeProductOrder(tx, ctx.actor, id, "rate_card.set_product_order", before, order);
    return order;
  });
}
