import { apiRoute } from "@/lib/http/api-route";
import { withPageQuery } from "@/lib/http/json-object";
import { customerAlertToWire } from "@/lib/http/wire/alerts";
import { listCustomerAlerts } from "@/lib/services/alerts/list-customer-alerts";
import type { TListCustomerAlerts } from "@/lib/services/alerts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

// The filters travel in the body, the cursor in the query string (Metronome's CursorPageWithoutLimit).
export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listCustomerAlerts(ctx, withPageQuery(await body(), request) as TListCustomerAlerts);
  return { data: page.data.map(customerAlertToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
