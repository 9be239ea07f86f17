import { apiRoute } from "@/lib/http/api-route";
import { listCreditTypes } from "@/lib/services/credit-types/list-credit-types";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute(async ({ ctx, request }) => {
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const page = await listCreditTypes(ctx, query);
  return {
    data: page.data.map((c) => ({ id: c.id, name: c.name, is_currency: c.isFiat })),
    next_page: page.next_page,
  };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
