import { apiRoute } from "@/lib/http/api-route";
import { withPageQuery } from "@/lib/http/json-object";
import { productRateToWire } from "@/lib/http/wire/rate-cards";
import { getRates } from "@/lib/services/rate-cards/get-rates";
import type { TGetRates } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await getRates(ctx, withPageQuery(await body(), request) as TGetRates);
  return { data: page.data.map(productRateToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
