import { apiRoute } from "@/lib/http/api-route";
import { rateToWire } from "@/lib/http/wire/rate-cards";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: rateToWire(await addRate(ctx, (await body()) as TAddRate)) }));
