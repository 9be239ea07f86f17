import { apiRoute } from "@/lib/http/api-route";
import { archiveBillableMetric } from "@/lib/services/billable-metrics/archive-billable-metric";
import type { TArchiveBillableMetric } from "@/lib/services/billable-metrics/schemas";
import { otherMethods } from "@/lib/http/api-methods";

export const POST = apiRoute(async ({ ctx, body }) => {
  const metric = await archiveBillableMetric(ctx, (await body()) as TArchiveBillableMetric);
  return { data: { id: metric.id } };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
