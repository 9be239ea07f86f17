import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { packageToWire } from "@/lib/http/wire/packages";
import { listPackages } from "@/lib/services/packages/list-packages";
import type { TListPackages } from "@/lib/services/packages/schemas";

// The SDK sends the page (limit, next_page) in the query and the filter in the body.
export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listPackages(ctx, withPageQuery(await body(), request) as TListPackages);
  return { data: page.data.map(packageToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
