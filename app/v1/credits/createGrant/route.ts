import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { createCreditGrant } from "@/lib/services/credit-grants/create-credit-grant";
import type { TCreateCreditGrant } from "@/lib/services/credit-grants/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await createCreditGrant(ctx, jsonObject(await body()) as TCreateCreditGrant) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
