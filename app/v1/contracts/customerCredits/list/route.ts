import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { creditToWire } from "@/lib/http/wire/balances";
import { listCustomerCredits } from "@/lib/services/balances/list-customer-credits";
import type { TListCustomerCredits } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// A body cursor page: limit and next_page travel in the body with the filters.
export const POST = apiRoute(async ({ ctx, body }) => {
  const page = await listCustomerCredits(ctx, jsonObject(await body()) as TListCustomerCredits);
  return { data: page.data.map(creditToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
