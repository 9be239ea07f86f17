import { apiRoute } from "@/lib/http/api-route";
import { rateCardToWire } from "@/lib/http/wire/rate-cards";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import type { TGetRateCard } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: rateCardToWire(await getRateCard(ctx, (await body()) as TGetRateCard)) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
