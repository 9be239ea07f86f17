import { apiRoute } from "@/lib/http/api-route";
import { billableMetricToWire } from "@/lib/http/wire/billable-metrics";
import { getBillableMetric } from "@/lib/services/billable-metrics/get-billable-metric";
import { otherMethods } from "@/lib/http/api-methods";

export const GET = apiRoute<{ billable_metric_id: string }>(async ({ ctx, params }) => ({
  data: billableMetricToWire(await getBillableMetric(ctx, params.billable_metric_id)),
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
