import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { configuredBillingProviderToWire } from "@/lib/http/wire/billing-providers";
import type { TListConfiguredBillingProviders } from "@/lib/services/billing-providers/schemas";
import { listConfiguredBillingProviders } from "@/lib/services/settings/list-configured-billing-providers";

export const POST = apiRoute(async ({ ctx, body, request }) => {
  const page = await listConfiguredBillingProviders(ctx, withPageQuery(await body(), request) as TListConfiguredBillingProviders);
  return { data: page.data.map(configuredBillingProviderToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
