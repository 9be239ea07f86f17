import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import { billingConfigurationToWire } from "@/lib/http/wire/billing-providers";
import { getCustomerBillingConfigurations } from "@/lib/services/billing-providers/get-customer-billing-configurations";
import type { TGetCustomerBillingConfigurations } from "@/lib/services/billing-providers/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const rows = await getCustomerBillingConfigurations(ctx, jsonObject(await body()) as TGetCustomerBillingConfigurations);
  return { data: rows.map(billingConfigurationToWire) };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
