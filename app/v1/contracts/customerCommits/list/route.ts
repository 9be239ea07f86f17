import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { commitToWire } from "@/lib/http/wire/balances";
import { listCustomerCommits } from "@/lib/services/balances/list-customer-commits";
import type { TListCustomerCommits } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// A body cursor page: limit and next_page travel in the body with the filters.
export const POST = apiRoute(async ({ ctx, body }) => {
  const page = await listCustomerCommits(ctx, jsonObject(await body()) as TListCustomerCommits);
  return { data: page.data.map(commitToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
