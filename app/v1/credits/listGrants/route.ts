import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { creditGrantToWire } from "@/lib/http/wire/credit-grants";
import { listCreditGrants } from "@/lib/services/credit-grants/list-credit-grants";
import type { TListCreditGrants } from "@/lib/services/credit-grants/schemas";

// The SDK sends the page (limit, next_page) in the query and the filters in the body.
export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listCreditGrants(ctx, withPageQuery(await body(), request) as TListCreditGrants);
  return { data: page.data.map(creditGrantToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
