"use server";

import { revalidatePath } from "next/cache";
import { fromInputAmount } from "@/lib/format-money";
import { serverAction } from "@/lib/server/action";
import { archiveAlert } from "@/lib/services/alerts/archive-alert";
import { createAlert } from "@/lib/services/alerts/create-alert";
import type { TCreateAlert } from "@/lib/services/alerts/schemas";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";

export const createAlertAction = serverAction(
  async (ctx, input) => {
    const usage = input.alert_type === "usage_threshold_reached";
    const creditTypeId = usage ? undefined : input.credit_type_id || USD_CENTS.id;
    // The form takes money as people read it (dollars for USD cents); the API takes the unit.
    const threshold = creditTypeId ? fromInputAmount(input.threshold ?? "", { id: creditTypeId, name: "" }) : input.threshold;
    const body: TCreateAlert = {
      alert_type: input.alert_type as TCreateAlert["alert_type"],
      name: input.name ?? "",
      threshold: threshold ?? "",
      credit_type_id: creditTypeId,
      customer_id: input.customer_id || undefined,
      billable_metric_id: usage ? input.billable_metric_id || undefined : undefined,
      group_values: input.group_key ? [{ key: input.group_key, value: input.group_value ?? "" }] : undefined,
      evaluate_on_create: input.evaluate_on_create === "true",
    };
    const alert = await createAlert(ctx, body);
    revalidatePath("/alerts");
    return { id: alert.id, name: alert.name };
  },
  (alert) => `Created ${alert.name}. Customers it covers are being evaluated.`,
);

export const archiveAlertAction = serverAction(
  async (ctx, input) => {
    const alert = await archiveAlert(ctx, { id: input.id ?? "" });
    revalidatePath("/alerts");
    return { id: alert.id };
  },
  () => "Archived.",
);
