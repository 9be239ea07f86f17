import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import type { AlertRecord } from "./alert-record";
import type { AlertType } from "./schemas";
import { isLowAlert } from "./alert-measures";

// The outbox event of an alert's state change, for the webhook dispatcher. Metronome names its
// alert webhooks `alerts.<kind>` (its low_credit_balance_reached alert sends
// alerts.low_remaining_credit_balance_reached) and sends them when a customer goes in_alarm;
// Rateline also announces the way back to ok, as `alerts.<kind>.resolved`, so a receiver that
// blocked a customer can let it in again without polling.

const WEBHOOK_KIND: Record<AlertType, string> = {
  low_credit_balance_reached: "low_remaining_credit_balance_reached",
  low_remaining_contract_credit_balance_reached: "low_remaining_contract_credit_balance_reached",
  low_remaining_commit_balance_reached: "low_remaining_commit_balance_reached",
  low_remaining_contract_credit_and_commit_balance_reached: "low_remaining_contract_credit_and_commit_balance_reached",
  spend_threshold_reached: "spend_threshold_reached",
  monthly_invoice_total_spend_threshold_reached: "monthly_invoice_total_spend_threshold_reached",
  usage_threshold_reached: "usage_threshold_reached",
};

export function alertWebhookType(type: AlertType, status: "ok" | "in_alarm"): string {
  return `alerts.${WEBHOOK_KIND[type]}${status === "ok" ? ".resolved" : ""}`;
}

export async function writeAlertNotification(
  tx: Prisma.TransactionClient,
  change: { alert: AlertRecord; customerId: string; status: "ok" | "in_alarm"; value: Decimal; at: Date },
): Promise<void> {
  const { alert, customerId, status, value, at } = change;
  await tx.outboxEvent.create({
    data: {
      type: alertWebhookType(alert.type, status),
      payload: {
        customer_id: customerId,
        alert_id: alert.id,
        alert_name: alert.name,
        alert_type: alert.type,
        status,
        threshold: alert.threshold.toFixed(),
        ...(isLowAlert(alert.type) ? { remaining_balance: value.toFixed() } : { value: value.toFixed() }),
        ...(alert.creditTypeId ? { credit_type_id: alert.creditTypeId } : {}),
        ...(alert.billableMetric ? { billable_metric_id: alert.billableMetric.id } : {}),
        ...(alert.groupValues ? { group_values: Object.entries(alert.groupValues).map(([key, v]) => ({ key, value: v })) } : {}),
        timestamp: at.toISOString(),
      },
    },
  });
}
