import { apiRoute } from "@/lib/http/api-route";
import { productToWire } from "@/lib/http/wire/products";
import { getProduct } from "@/lib/services/products/get-product";
import type { TGetProduct } from "@/lib/services/products/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: productToWire(await getProduct(ctx, (await body()) as TGetProduct)) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
