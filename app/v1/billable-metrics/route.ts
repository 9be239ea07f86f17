import { apiRoute } from "@/lib/http/api-route";
import { queryParams } from "@/lib/http/query";
import { billableMetricToWire } from "@/lib/http/wire/billable-metrics";
import { listBillableMetrics } from "@/lib/services/billable-metrics/list-billable-metrics";
import type { TListBillableMetrics } from "@/lib/services/billable-metrics/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute(async ({ ctx, request }) => {
  const page = await listBillableMetrics(ctx, queryParams(request) as TListBillableMetrics);
  return { data: page.data.map(billableMetricToWire), next_page: page.next_page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
