import { apiRoute } from "@/lib/http/api-route";
import { archiveProduct } from "@/lib/services/products/archive-product";
import type { TArchiveProduct } from "@/lib/services/products/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const product = await archiveProduct(ctx, (await body()) as TArchiveProduct);
  return { data: { id: product.id } };
});
