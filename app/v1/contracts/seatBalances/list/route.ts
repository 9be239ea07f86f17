import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { seatBalancesToWire } from "@/lib/http/wire/subscription-seats";
import { listSeatBalances } from "@/lib/services/contracts/seat-balances";
import type { TListSeatBalances } from "@/lib/services/contracts/subscription-seat-schemas";

export const POST = apiRoute(async ({ ctx, body }) => seatBalancesToWire(await listSeatBalances(ctx, (await body()) as TListSeatBalances)));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
