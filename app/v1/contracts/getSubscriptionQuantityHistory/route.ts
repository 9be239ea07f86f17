import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { quantityHistoryToWire } from "@/lib/http/wire/subscription-seats";
import { getSubscriptionQuantityHistory } from "@/lib/services/contracts/subscription-history";
import type { TSubscriptionQuantityHistory } from "@/lib/services/contracts/subscription-seat-schemas";

export const POST = apiRoute(async ({ ctx, body }) => quantityHistoryToWire(await getSubscriptionQuantityHistory(ctx, (await body()) as TSubscriptionQuantityHistory, new Date())));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
