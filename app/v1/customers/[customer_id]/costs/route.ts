import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { queryParams } from "@/lib/http/query";
import { windowCostToWire } from "@/lib/http/wire/invoices";
import { listCosts } from "@/lib/services/invoices/list-costs";
import type { TListCosts } from "@/lib/services/invoices/schemas";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, request, params }) => {
  const page = await listCosts(ctx, { ...queryParams(request), customer_id: params.customer_id } as TListCosts);
  return { data: page.data.map(windowCostToWire), next_page: page.next_page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
