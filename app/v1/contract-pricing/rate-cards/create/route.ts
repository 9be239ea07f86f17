import { apiRoute } from "@/lib/http/api-route";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import type { TCreateRateCard } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const card = await createRateCard(ctx, (await body()) as TCreateRateCard);
  return { data: { id: card.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
