import { apiRoute } from "@/lib/http/api-route";
import { searchedEventToWire } from "@/lib/http/wire/usage";
import { searchEvents } from "@/lib/services/usage/search-events";

// Metronome answers this one with a bare array.
export const POST = apiRoute(async ({ ctx, body }) => (await searchEvents(ctx, await body())).map(searchedEventToWire));
