import type { BillingProviderCreateResponse } from "@metronome/sdk/resources/v1/settings/billing-providers";
import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { jsonObject } from "@/lib/http/json-object";
import type { TSetUpBillingProvider } from "@/lib/services/billing-providers/schemas";
import { setUpBillingProvider } from "@/lib/services/settings/set-up-billing-provider";

export const POST = apiRoute(async ({ ctx, body }) => {
  const row = await setUpBillingProvider(ctx, jsonObject(await body()) as TSetUpBillingProvider);
  return { data: { delivery_method_id: row.id } } satisfies BillingProviderCreateResponse;
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
