import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { lockProductOrder, refuseUnpriced, writeProductOrder } from "./product-order";
import { ZMoveRateCardProducts, type TMoveRateCardProducts } from "./schemas";

/**
 * moveRateCardProducts: each move, in turn, takes a product out of the card's order and puts it
 * back at `position` (0-based, counted in the order without it: at most the number of the
 * card's other products). Returns the new order.
 */
export async function moveRateCardProducts(ctx: ServiceContext, input: TMoveRateCardProducts): Promise<string[]> {
  authorize(ctx.actor, "pricing:write");
  const { rate_card_id, product_moves } = parseInput(ZMoveRateCardProducts, input);
  return ctx.db.$transaction(async (tx) => {
    const { id, order: before } = await lockProductOrder(tx, rate_card_id);
    refuseUnpriced(before, product_moves.map((m, i) => ({ id: m.product_id, field: `product_moves.${i}.product_id` })));
    const order = [...before];
    product_moves.forEach((move, i) => {
      if (move.position > order.length - 1) {
        const field = `product_moves.${i}.position`;
        const why = `Must be at most ${order.length - 1}: the card prices ${order.length} product${order.length === 1 ? "" : "s"}`;
        throw new AppError("bad_request", `Invalid request: ${field}: ${why}`, { [field]: why });
      }
      order.splice(order.indexOf(move.product_id), 1);
      order.splice(move.position, 0, move.product_id);
    });
    await writeProductOrder(tx, ctx.actor, id, "rate_card.move_products", before, order);
    return order;
  });
}
