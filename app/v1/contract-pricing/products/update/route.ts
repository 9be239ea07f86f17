import { apiRoute } from "@/lib/http/api-route";
import type { TUpdateProduct } from "@/lib/services/products/schemas";
import { updateProduct } from "@/lib/services/products/update-product";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const product = await updateProduct(ctx, (await body()) as TUpdateProduct);
  return { data: { id: product.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
