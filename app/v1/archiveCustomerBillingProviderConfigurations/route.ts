import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import type { CustomerArchiveBillingConfigurationsResponse } from "@metronome/sdk/resources/v1/customers/customers";
import { archiveCustomerBillingConfigurations } from "@/lib/services/billing-providers/archive-customer-billing-configurations";
import type { TArchiveCustomerBillingConfigurations } from "@/lib/services/billing-providers/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const done = await archiveCustomerBillingConfigurations(ctx, jsonObject(await body()) as TArchiveCustomerBillingConfigurations);
  return { data: { customer_id: done.customerId, customer_billing_provider_configuration_ids: done.ids } } satisfies CustomerArchiveBillingConfigurationsResponse;
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
