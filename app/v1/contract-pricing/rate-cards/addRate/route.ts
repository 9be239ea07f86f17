import { apiRoute } from "@/lib/http/api-route";
import { rateToWire } from "@/lib/http/wire/rate-cards";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: rateToWire(await addRate(ctx, (await body()) as TAddRate)) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
