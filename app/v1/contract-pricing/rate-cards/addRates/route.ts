import { apiRoute } from "@/lib/http/api-route";
import { addRates } from "@/lib/services/rate-cards/add-rates";
import type { TAddRates } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { rateCardId } = await addRates(ctx, (await body()) as TAddRates);
  return { data: { id: rateCardId } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
