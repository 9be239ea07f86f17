import type { CustomerAlert } from "@metronome/sdk/resources/v1/customers/alerts";
import type { CustomerAlertRecord } from "@/lib/services/alerts/alert-record";
import type { OnWire } from "./sdk-shape";

// A customer's alert on Metronome's wire (customer-alerts list and get), checked against the
// SDK's type at compile time.

export function customerAlertToWire(record: CustomerAlertRecord) {
  const { alert } = record;
  return {
    alert: {
      id: alert.id,
      name: alert.name,
      type: alert.type,
      status: alert.archivedAt ? "archived" : "enabled",
      threshold: alert.threshold,
      updated_at: (alert.archivedAt ?? alert.createdAt).toISOString(),
      credit_type: alert.creditTypeId ? { id: alert.creditTypeId, name: alert.creditTypeName } : null,
      ...(alert.groupValues ? { group_values: Object.entries(alert.groupValues).map(([key, value]) => ({ key, value })) } : {}),
      ...(alert.uniquenessKey ? { uniqueness_key: alert.uniquenessKey } : {}),
    },
    customer_status: record.status,
    // Metronome's field names what last moved the alert; Rateline does not track it.
    triggered_by: null,
  } satisfies OnWire<CustomerAlert>;
}
