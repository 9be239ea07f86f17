import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { customFieldKeyToWire } from "@/lib/http/wire/custom-fields";
import { listCustomFieldKeys } from "@/lib/services/custom-fields/list-custom-field-keys";
import type { TListCustomFieldKeys } from "@/lib/services/custom-fields/schemas";

// The SDK sends next_page in the query and the entities in the body; it takes no limit.
export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listCustomFieldKeys(ctx, withPageQuery(await body(), request) as TListCustomFieldKeys);
  return { data: page.data.map(customFieldKeyToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
