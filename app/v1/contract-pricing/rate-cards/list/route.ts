import { apiRoute } from "@/lib/http/api-route";
import { withPageQuery } from "@/lib/http/json-object";
import { rateCardToWire } from "@/lib/http/wire/rate-cards";
import { listRateCards } from "@/lib/services/rate-cards/list-rate-cards";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listRateCards(ctx, withPageQuery(await body(), request));
  return { data: page.data.map(rateCardToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
