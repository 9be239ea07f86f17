import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { deleteCustomFieldValues } from "@/lib/services/custom-fields/delete-custom-field-values";
import type { TDeleteCustomFieldValues } from "@/lib/services/custom-fields/schemas";

// Metronome answers with an empty 200 (the SDK reads it as void).
export const POST = apiRoute(async ({ ctx, body }) => {
  await deleteCustomFieldValues(ctx, jsonObject(await body()) as TDeleteCustomFieldValues);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
