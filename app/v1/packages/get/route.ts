import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { packageToWire } from "@/lib/http/wire/packages";
import { getPackage } from "@/lib/services/packages/get-package";
import type { TPackageRef } from "@/lib/services/packages/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: packageToWire(await getPackage(ctx, jsonObject(await body()) as TPackageRef)) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
