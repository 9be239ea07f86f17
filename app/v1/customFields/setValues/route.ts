import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { setCustomFieldValues } from "@/lib/services/custom-fields/set-custom-field-values";
import type { TSetCustomFieldValues } from "@/lib/services/custom-fields/schemas";

// Metronome answers with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await setCustomFieldValues(ctx, jsonObject(await body()) as TSetCustomFieldValues);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
