import { apiRoute } from "@/lib/http/api-route";
import { usageGroupToWire } from "@/lib/http/wire/usage";
import { listUsageGroups } from "@/lib/services/usage/list-usage";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const query = request.nextUrl.searchParams;
  const page = await listUsageGroups(ctx, {
    ...(await body()) as object,
    limit: query.get("limit") ?? undefined,
    next_page: query.get("next_page") ?? undefined,
  });
  return { data: page.data.map((row) => usageGroupToWire(row, page.keys)), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
