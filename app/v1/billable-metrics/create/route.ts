import { apiRoute } from "@/lib/http/api-route";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import type { TCreateBillableMetric } from "@/lib/services/billable-metrics/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const metric = await createBillableMetric(ctx, (await body()) as TCreateBillableMetric);
  return { data: { id: metric.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
