import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { billableMetricToWire } from "@/lib/http/wire/billable-metrics";
import { listCustomerBillableMetrics } from "@/lib/services/customers/list-customer-billable-metrics";
import type { TListCustomerBillableMetrics } from "@/lib/services/customers/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute<{ customer_id: string }>(async ({ ctx, params, request }) => {
  const page = await listCustomerBillableMetrics(ctx, params.customer_id, queryParams(request) as TListCustomerBillableMetrics, new Date());
  return { data: page.data.map(billableMetricToWire), next_page: page.next_page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
