import { apiRoute } from "@/lib/http/api-route";
import { getEmbeddableUrl } from "@/lib/services/portal/get-embeddable-url";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { url } = await getEmbeddableUrl(ctx, await body());
  return { data: { url } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
