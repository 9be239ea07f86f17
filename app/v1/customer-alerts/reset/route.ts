import { apiRoute } from "@/lib/http/api-route";
import { resetCustomerAlert } from "@/lib/services/alerts/reset-customer-alert";
import type { TCustomerAlertId } from "@/lib/services/alerts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// Metronome answers a reset with an empty body.
export const POST = apiRoute(async ({ ctx, body }) => {
  await resetCustomerAlert(ctx, (await body()) as TCustomerAlertId);
  return new Response(null, { status: 200 });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
