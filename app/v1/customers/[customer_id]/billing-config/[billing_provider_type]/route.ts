import { apiRoute } from "@/lib/http/api-route";
import { deleteBillingConfig } from "@/lib/services/billing-providers/delete-billing-config";
import { getBillingConfig } from "@/lib/services/billing-providers/get-billing-config";
import type { TBillingProviderRef, TSetBillingConfig } from "@/lib/services/billing-providers/schemas";
import { setBillingConfig } from "@/lib/services/billing-providers/set-billing-config";
import { otherMethods } from "@/lib/http/api-methods";

// The path names the customer and the provider; the service's schema validates both.
type Params = { customer_id: string; billing_provider_type: string };

export const POST = apiRoute<Params>(async ({ ctx, params, body }) => {
  const payload = await body();
  await setBillingConfig(ctx, { ...(typeof payload === "object" ? payload : {}), ...params } as TSetBillingConfig);
  return {};
});

export const GET = apiRoute<Params>(async ({ ctx, params }) => {
  const row = await getBillingConfig(ctx, params as TBillingProviderRef);
  return { data: { billing_provider_customer_id: row.externalId } };
});

export const DELETE = apiRoute<Params>(async ({ ctx, params }) => {
  await deleteBillingConfig(ctx, params as TBillingProviderRef);
  return {};
});

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");
