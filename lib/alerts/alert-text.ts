import { formatAmount } from "@/lib/format-money";
import { formatQuantity } from "@/lib/format";
import type { AlertType } from "@/lib/services/alerts/schemas";

// How the console and the portal say what an alert watches.

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  low_credit_balance_reached: "Low credit balance",
  low_remaining_contract_credit_balance_reached: "Low contract credit balance",
  low_remaining_commit_balance_reached: "Low commitment balance",
  low_remaining_contract_credit_and_commit_balance_reached: "Low credit and commitment balance",
  spend_threshold_reached: "Spend this billing period",
  monthly_invoice_total_spend_threshold_reached: "Invoice total this month",
  usage_threshold_reached: "Usage this billing period",
};

/** What an alert measures, in plain words for a sentence ("Your … is below …"). */
const MEASURE: Record<AlertType, string> = {
  low_credit_balance_reached: "credit balance",
  low_remaining_contract_credit_balance_reached: "credit balance",
  low_remaining_commit_balance_reached: "commitment balance",
  low_remaining_contract_credit_and_commit_balance_reached: "credit and commitment balance",
  spend_threshold_reached: "spend this billing period",
  monthly_invoice_total_spend_threshold_reached: "invoiced total this month",
  usage_threshold_reached: "usage this billing period",
};

export type AlertTextInput = {
  type: AlertType;
  threshold: string;
  creditType: { id: string; name: string } | null;
  metricName: string | null;
  groupValues: Record<string, string> | null;
};

export function thresholdText(alert: AlertTextInput): string {
  if (alert.creditType) return formatAmount(alert.threshold, alert.creditType);
  return `${formatQuantity(alert.threshold)}${alert.metricName ? ` ${alert.metricName}` : ""}`;
}

export function valueText(alert: AlertTextInput, value: string): string {
  return alert.creditType ? formatAmount(value, alert.creditType) : formatQuantity(value);
}

export function groupText(groupValues: Record<string, string> | null): string | null {
  const entries = Object.entries(groupValues ?? {});
  return entries.length ? entries.map(([key, value]) => `${key} = ${value}`).join(", ") : null;
}

/** "Your credit balance is at or below $50.00", for the customer's banner. */
export function alarmSentence(alert: AlertTextInput): string {
  const low = alert.type.startsWith("low_");
  const group = groupText(alert.groupValues);
  const what = alert.type === "usage_threshold_reached" && alert.metricName ? `${alert.metricName} usage this billing period` : MEASURE[alert.type];
  return `Your ${what}${group ? ` (${group})` : ""} ${low ? "is at or below" : "has reached"} ${thresholdText(alert)}.`;
}
