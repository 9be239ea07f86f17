import { apiRoute } from "@/lib/http/api-route";
import { withPageQuery } from "@/lib/http/json-object";
import { productToWire } from "@/lib/http/wire/products";
import { listProducts } from "@/lib/services/products/list-products";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listProducts(ctx, withPageQuery(await body(), request));
  return { data: page.data.map(productToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
