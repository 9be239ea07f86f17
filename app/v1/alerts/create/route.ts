import { apiRoute } from "@/lib/http/api-route";
import { createAlert } from "@/lib/services/alerts/create-alert";
import type { TCreateAlert } from "@/lib/services/alerts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const alert = await createAlert(ctx, (await body()) as TCreateAlert);
  return { data: { id: alert.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
