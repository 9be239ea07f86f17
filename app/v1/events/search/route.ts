import { apiRoute } from "@/lib/http/api-route";
import { searchedEventToWire } from "@/lib/http/wire/usage";
import { searchEvents } from "@/lib/services/usage/search-events";
import { otherMethods } from "@/lib/http/api-methods";

// Metronome answers this one with a bare array.
export const POST = apiRoute(async ({ ctx, body }) => (await searchEvents(ctx, await body())).map(searchedEventToWire));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
