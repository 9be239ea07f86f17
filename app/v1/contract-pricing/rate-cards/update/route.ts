import { apiRoute } from "@/lib/http/api-route";
import type { TUpdateRateCard } from "@/lib/services/rate-cards/schemas";
import { updateRateCard } from "@/lib/services/rate-cards/update-rate-card";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const card = await updateRateCard(ctx, (await body()) as TUpdateRateCard);
  return { data: { id: card.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
