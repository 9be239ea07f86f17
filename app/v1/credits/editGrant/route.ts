import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { editCreditGrant } from "@/lib/services/credit-grants/edit-credit-grant";
import type { TEditCreditGrant } from "@/lib/services/credit-grants/schemas";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await editCreditGrant(ctx, jsonObject(await body()) as TEditCreditGrant) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
