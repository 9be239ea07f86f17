import { apiRoute } from "@/lib/http/api-route";
import { archiveAlert } from "@/lib/services/alerts/archive-alert";
import type { TArchiveAlert } from "@/lib/services/alerts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const alert = await archiveAlert(ctx, (await body()) as TArchiveAlert);
  return { data: { id: alert.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
