import { apiRoute } from "@/lib/http/api-route";
import { archiveRateCard } from "@/lib/services/rate-cards/archive-rate-card";
import type { TArchiveRateCard } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const card = await archiveRateCard(ctx, (await body()) as TArchiveRateCard);
  return { data: { id: card.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
