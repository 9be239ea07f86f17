import { apiRoute } from "@/lib/http/api-route";
import { usageSeriesToWire } from "@/lib/http/wire/usage";
import { listUsage } from "@/lib/services/usage/list-usage";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listUsage(ctx, { ...(await body()) as object, next_page: request.nextUrl.searchParams.get("next_page") ?? undefined });
  return { data: page.data.map(usageSeriesToWire), next_page: page.next_page };
});
