import { consoleRoute } from "@/lib/http/console-route";
import { metricPreviewToJson } from "@/lib/http/wire/billable-metrics";
import { previewBillableMetric } from "@/lib/services/billable-metrics/preview-billable-metric";
import type { TPreviewBillableMetric } from "@/lib/services/billable-metrics/schemas";

export const POST = consoleRoute(async ({ ctx, body }) =>
  metricPreviewToJson(await previewBillableMetric(ctx, (await body()) as TPreviewBillableMetric, new Date())),
);
