import { apiRoute } from "@/lib/http/api-route";
import { usageSeriesToWire } from "@/lib/http/wire/usage";
import { listUsage } from "@/lib/services/usage/list-usage";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listUsage(ctx, { ...(await body()) as object, next_page: request.nextUrl.searchParams.get("next_page") ?? undefined });
  return { data: page.data.map(usageSeriesToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
