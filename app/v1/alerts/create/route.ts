import { apiRoute } from "@/lib/http/api-route";
import { createAlert } from "@/lib/services/alerts/create-alert";
import type { TCreateAlert } from "@/lib/services/alerts/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const alert = await createAlert(ctx, (await body()) as TCreateAlert);
  return { data: { id: alert.id } };
});
