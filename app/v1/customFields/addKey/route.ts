import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { addCustomFieldKey } from "@/lib/services/custom-fields/add-custom-field-key";
import type { TAddCustomFieldKey } from "@/lib/services/custom-fields/schemas";

// Metronome answers with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await addCustomFieldKey(ctx, jsonObject(await body()) as TAddCustomFieldKey);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
