import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { removeCustomFieldKey } from "@/lib/services/custom-fields/remove-custom-field-key";
import type { TRemoveCustomFieldKey } from "@/lib/services/custom-fields/schemas";

// Metronome answers with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await removeCustomFieldKey(ctx, jsonObject(await body()) as TRemoveCustomFieldKey);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
