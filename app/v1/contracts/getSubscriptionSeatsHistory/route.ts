import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { seatsHistoryToWire } from "@/lib/http/wire/subscription-seats";
import { getSubscriptionSeatsHistory } from "@/lib/services/contracts/subscription-history";
import type { TSubscriptionSeatsHistory } from "@/lib/services/contracts/subscription-seat-schemas";

export const POST = apiRoute(async ({ ctx, body }) => seatsHistoryToWire(await getSubscriptionSeatsHistory(ctx, (await body()) as TSubscriptionSeatsHistory)));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
