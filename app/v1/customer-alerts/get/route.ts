import { apiRoute } from "@/lib/http/api-route";
import { customerAlertToWire } from "@/lib/http/wire/alerts";
import { getCustomerAlert } from "@/lib/services/alerts/get-customer-alert";
import type { TCustomerAlertId } from "@/lib/services/alerts/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => ({ data: customerAlertToWire(await getCustomerAlert(ctx, (await body()) as TCustomerAlertId)) }));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
