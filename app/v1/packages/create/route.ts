import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { createPackage } from "@/lib/services/packages/create-package";
import type { TCreatePackage } from "@/lib/services/packages/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await createPackage(ctx, jsonObject(await body()) as TCreatePackage) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
