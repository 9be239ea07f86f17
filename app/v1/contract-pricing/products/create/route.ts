import { apiRoute } from "@/lib/http/api-route";
import { createProduct } from "@/lib/services/products/create-product";
import type { TCreateProduct } from "@/lib/services/products/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const product = await createProduct(ctx, (await body()) as TCreateProduct);
  return { data: { id: product.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
