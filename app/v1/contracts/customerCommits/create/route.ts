import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { createCustomerCommit } from "@/lib/services/balances/create-customer-commit";
import type { TCreateCustomerCommit } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: await createCustomerCommit(ctx, jsonObject(await body()) as TCreateCustomerCommit) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
