import { apiRoute } from "@/lib/http/api-route";
import { searchedEventToWire } from "@/lib/http/wire/usage";
import { searchEvents } from "@/lib/services/usage/search-events";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: (await searchEvents(ctx, (await body()))).map(searchedEventToWire) }));
