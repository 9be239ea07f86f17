import { apiRoute } from "@/lib/http/api-route";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";
import type { TArchiveCustomer } from "@/lib/services/customers/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const customer = await archiveCustomer(ctx, (await body()) as TArchiveCustomer);
  return { data: { id: customer.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
