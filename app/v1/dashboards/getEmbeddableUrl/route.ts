import { apiRoute } from "@/lib/http/api-route";
import { getEmbeddableUrl } from "@/lib/services/portal/get-embeddable-url";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { url } = await getEmbeddableUrl(ctx, await body());
  return { data: { url } };
});
