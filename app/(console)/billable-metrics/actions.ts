"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { jsonField } from "@/lib/server/form-fields";
import { archiveBillableMetric } from "@/lib/services/billable-metrics/archive-billable-metric";
import { createBillableMetric } from "@/lib/services/billable-metrics/create-billable-metric";
import type { TCreateBillableMetric } from "@/lib/services/billable-metrics/schemas";

export const createBillableMetricAction = serverAction(
  async (ctx, input) => {
    // The form is structured (rows of filters and group keys), so it sends Metronome's body as one
    // JSON field; the service validates it like any API request.
    const metric = await createBillableMetric(ctx, jsonField(input.definition) as TCreateBillableMetric);
    revalidatePath("/billable-metrics");
    return { id: metric.id, name: metric.name };
  },
  (metric) => `Created ${metric.name}.`,
);

export const archiveBillableMetricAction = serverAction(
  async (ctx, input) => {
    const metric = await archiveBillableMetric(ctx, { id: input.id ?? "" });
    revalidatePath("/billable-metrics");
    revalidatePath(`/billable-metrics/${metric.id}`);
    return { id: metric.id };
  },
  () => "Archived.",
);
