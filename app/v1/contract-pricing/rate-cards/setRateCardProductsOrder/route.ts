import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { productOrderToWire } from "@/lib/http/wire/rate-cards";
import { setRateCardProductsOrder } from "@/lib/services/rate-cards/set-rate-card-products-order";
import type { TSetRateCardProductsOrder } from "@/lib/services/rate-cards/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const input = jsonObject(await body()) as TSetRateCardProductsOrder;
  await setRateCardProductsOrder(ctx, input);
  return productOrderToWire(input.rate_card_id);
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
