import type { PrismaClient } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import type { Decimal } from "@/lib/billing/decimal";
import type { AlertRecord } from "@/lib/services/alerts/alert-record";
import { customerMeasures, inAlarm } from "./measure";
import { writeAlertNotification } from "./notify";

export type Transition = { alertId: string; from: string | null; to: "ok" | "in_alarm" };

/**
 * Measures every given alert for the customer at `at`, then, in one transaction, records the
 * states and one outbox event per change between ok and in_alarm. A customer leaving
 * `evaluating` (new alert, or reset) for in_alarm is notified; for ok, not — nothing was wrong.
 * The state rows are locked and re-read inside the transaction, so a concurrent evaluation can
 * not announce the same change twice, and an alert archived meanwhile is left alone.
 */
export async function evaluateCustomer(db: PrismaClient, customerId: string, alerts: readonly AlertRecord[], at: Date): Promise<Transition[]> {
  if (alerts.length === 0) return [];
  const measures = customerMeasures(db, customerId, at);
  const results: { alert: AlertRecord; value: Decimal; status: "ok" | "in_alarm" }[] = [];
  for (const alert of alerts) {
    const value = await measures.measure(alert);
    results.push({ alert, value, status: inAlarm(alert.type, value, alert.threshold) ? "in_alarm" : "ok" });
  }
  return db.$transaction(async (tx) => {
    const ids = alerts.map((a) => a.id);
    const live = new Set(
      (await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM alert WHERE id = ANY($1::uuid[]) AND archived_at IS NULL FOR SHARE`, ids)).map((r) => r.id),
    );
    const current = new Map(
      (
        await tx.$queryRawUnsafe<{ alert_id: string; status: string }[]>(
          `SELECT alert_id::text AS alert_id, status::text AS status FROM customer_alert_state WHERE customer_id = $1::uuid AND alert_id = ANY($2::uuid[]) FOR UPDATE`,
          customerId,
          ids,
        )
      ).map((r) => [r.alert_id, r.status]),
    );
    const transitions: Transition[] = [];
    for (const { alert, value, status } of results) {
      if (!live.has(alert.id)) continue;
      const from = current.get(alert.id) ?? null;
      const changed = from !== status;
      const notify = status === "in_alarm" ? from !== "in_alarm" : from === "in_alarm";
      await tx.customerAlertState.upsert({
        where: { customerId_alertId: { customerId, alertId: alert.id } },
        create: { customerId, alertId: alert.id, status, lastValue: toDb(value), evaluatedAt: at, changedAt: at },
        update: { status, lastValue: toDb(value), evaluatedAt: at, ...(changed ? { changedAt: at } : {}) },
      });
      if (notify) await writeAlertNotification(tx, { alert, customerId, status, value, at });
      if (changed) transitions.push({ alertId: alert.id, from, to: status });
    }
    return transitions;
  });
}
