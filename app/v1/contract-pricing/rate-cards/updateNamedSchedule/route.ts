import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { updateNamedSchedule } from "@/lib/services/named-schedules/update-named-schedule";
import type { TUpdateRateCardNamedSchedule } from "@/lib/services/named-schedules/schemas";

// Metronome answers with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await updateNamedSchedule(ctx, "rate_card", jsonObject(await body()) as TUpdateRateCardNamedSchedule);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
