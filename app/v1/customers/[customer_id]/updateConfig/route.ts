import { apiRoute } from "@/lib/http/api-route";
import type { TUpdateCustomerConfig } from "@/lib/services/customers/schemas";
import { updateCustomerConfig } from "@/lib/services/customers/update-customer-config";
import { otherMethods } from "@/lib/http/api-methods";

// Metronome answers this one with an empty 200 (the SDK reads it as void).
export const POST = apiRoute<{ customer_id: string }>(async ({ ctx, params, body }) => {
  await updateCustomerConfig(ctx, params.customer_id, (await body()) as TUpdateCustomerConfig);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
