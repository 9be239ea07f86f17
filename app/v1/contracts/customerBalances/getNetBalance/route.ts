import { apiRoute } from "@/lib/http/api-route";
import { jsonObject } from "@/lib/http/json-object";
import { getNetBalance } from "@/lib/services/balances/get-net-balance";
import type { TGetNetBalance } from "@/lib/services/balances/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const { balance, creditTypeId } = await getNetBalance(ctx, jsonObject(await body()) as TGetNetBalance);
  return { data: { balance, credit_type_id: creditTypeId } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
