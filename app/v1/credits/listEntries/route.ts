import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { grantLedgersToWire } from "@/lib/http/wire/credit-grants";
import { listCreditGrantEntries } from "@/lib/services/credit-grants/list-credit-grant-entries";
import type { TListCreditGrantEntries } from "@/lib/services/credit-grants/schemas";

// The SDK sends next_page and sort in the query and the filters in the body.
export const POST = apiRoute(async ({ ctx, request, body }) => {
  const sort = request.nextUrl.searchParams.get("sort");
  const page = await listCreditGrantEntries(ctx, { ...withPageQuery(await body(), request), ...(sort !== null ? { sort } : {}) } as TListCreditGrantEntries);
  return { data: page.data.map(grantLedgersToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
