import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { createCustomerCredit } from "@/lib/services/balances/create-customer-credit";
import type { TCreateCustomerCredit } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await createCustomerCredit(ctx, jsonObject(await body()) as TCreateCustomerCredit) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
