import { apiRoute } from "@/lib/http/api-route";
import type { TSetUsageFilter } from "@/lib/services/contracts/schemas";
import { setUsageFilter } from "@/lib/services/contracts/set-usage-filter";
import { otherMethods } from "@/lib/http/api-methods";

// Metronome answers this one with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await setUsageFilter(ctx, (await body()) as TSetUsageFilter);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
