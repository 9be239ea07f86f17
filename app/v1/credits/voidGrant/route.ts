import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import type { TVoidCreditGrant } from "@/lib/services/credit-grants/schemas";
import { voidCreditGrant } from "@/lib/services/credit-grants/void-credit-grant";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await voidCreditGrant(ctx, jsonObject(await body()) as TVoidCreditGrant) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
