import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { createdBillingConfigurationToWire } from "@/lib/http/wire/billing-providers";
import type { TSetCustomerBillingConfigurations } from "@/lib/services/billing-providers/schemas";
import { setCustomerBillingConfigurations } from "@/lib/services/billing-providers/set-customer-billing-configurations";

export const POST = apiRoute(async ({ ctx, body }) => {
  const rows = await setCustomerBillingConfigurations(ctx, jsonObject(await body()) as TSetCustomerBillingConfigurations);
  return { data: rows.map(createdBillingConfigurationToWire) };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
