import { apiRoute } from "@/lib/http/api-route";
import { customerDetailToWire } from "@/lib/http/wire/customers";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, params }) => ({
  data: customerDetailToWire(await getCustomer(ctx, params.customer_id)),
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
