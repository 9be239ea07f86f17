import { apiRoute } from "@/lib/http/api-route";
import { customerToWire } from "@/lib/http/wire/customers";
import type { TSetCustomerName } from "@/lib/services/customers/schemas";
import { setCustomerName } from "@/lib/services/customers/set-customer-name";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute<{ customer_id: string }>(async ({ ctx, params, body }) => ({
  data: customerToWire(await setCustomerName(ctx, params.customer_id, (await body()) as TSetCustomerName)),
}));

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
