import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { balanceToWire } from "@/lib/http/wire/balances";
import { listBalances } from "@/lib/services/balances/list-balances";
import type { TListBalances } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// A body cursor page: limit and next_page travel in the body with the filters.
export const POST = apiRoute(async ({ ctx, body }) => {
  const page = await listBalances(ctx, jsonObject(await body()) as TListBalances);
  return { data: page.data.map(balanceToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
