import { apiRoute } from "@/lib/http/api-route";
import { archiveProduct } from "@/lib/services/products/archive-product";
import type { TArchiveProduct } from "@/lib/services/products/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const product = await archiveProduct(ctx, (await body()) as TArchiveProduct);
  return { data: { id: product.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
