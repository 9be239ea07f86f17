import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { customerDetailToWire, customerToWire } from "@/lib/http/wire/customers";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { listCustomers } from "@/lib/services/customers/list-customers";
import type { TCreateCustomer, TListCustomers } from "@/lib/services/customers/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute(async ({ ctx, request }) => {
  const page = await listCustomers(ctx, queryParams(request, ["customer_ids", "salesforce_account_ids"]) as TListCustomers);
  return { data: page.data.map(customerDetailToWire), next_page: page.next_page };
});

export const POST = apiRoute(async ({ ctx, body }) => ({ data: customerToWire(await createCustomer(ctx, (await body()) as TCreateCustomer)) }));

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
