import { apiRoute } from "@/lib/http/api-route";
import { customerDetailToWire } from "@/lib/http/wire/customers";
import { getCustomer } from "@/lib/services/customers/get-customer";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, params }) => ({
  data: customerDetailToWire(await getCustomer(ctx, params.customer_id)),
}));
