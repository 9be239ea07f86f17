import { apiRoute } from "@/lib/http/api-route";
import { addRates } from "@/lib/services/rate-cards/add-rates";
import type { TAddRates } from "@/lib/services/rate-cards/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { rateCardId } = await addRates(ctx, (await body()) as TAddRates);
  return { data: { id: rateCardId } };
});
