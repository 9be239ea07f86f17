import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import type { CustomerStanding } from "@/lib/services/overview/customer-standing";
import { ALERT_SELECT, toAlertRecord, type AlertRecord } from "./alert-record";
import { customerMeasures, inAlarm } from "./alert-measures";
import { writeAlertNotification } from "./alert-notification";

// Alerts are evaluated by the billing-state refresh (lib/services/billing-state), for exactly the
// customers it reprices, from the standing it has just priced: whatever moves a customer's figures
// (events, contract and balance edits, catalog changes, a period turning) moves its alerts, and
// their states and notifications commit in the same transaction as the stored figures, so a
// crashed refresh loses neither and a repeated one announces nothing twice. A new alert or a
// reset queues its customers for a refresh (queue-evaluation.ts).

export type Transition = { alertId: string; from: string | null; to: "ok" | "in_alarm" };

export type AlertReading = { alert: AlertRecord; value: Decimal; status: "ok" | "in_alarm" };

/** The live alerts covering each of these customers: every global alert, and the customer's own. */
export async function alertsCovering(db: PrismaClient, customerIds: readonly string[]): Promise<Map<string, AlertRecord[]>> {
  const alerts = (
    await db.alert.findMany({
      where: { archivedAt: null, OR: [{ customerId: null }, { customerId: { in: [...customerIds] } }] },
      select: ALERT_SELECT,
      orderBy: { createdAt: "asc" },
    })
  ).map(toAlertRecord);
  const covering = new Map<string, AlertRecord[]>();
  for (const id of customerIds) {
    const own = alerts.filter((a) => a.customerId === null || a.customerId === id);
    if (own.length) covering.set(id, own);
  }
  return covering;
}

/** Measures every given alert for the customer's standing at `at`. */
export async function readAlerts(db: PrismaClient, standing: CustomerStanding, alerts: readonly AlertRecord[], at: Date): Promise<AlertReading[]> {
  const measures = customerMeasures(db, standing, at);
  const readings: AlertReading[] = [];
  for (const alert of alerts) {
    const value = await measures.measure(alert);
    readings.push({ alert, value, status: inAlarm(alert.type, value, alert.threshold) ? "in_alarm" : "ok" });
  }
  return readings;
}

/**
 * Records the customer's alert states and one outbox event per change between ok and in_alarm.
 * A customer leaving `evaluating` (new alert, or reset) for in_alarm is notified; for ok, not —
 * nothing was wrong. The state rows are locked and re-read here, so a concurrent evaluation
 * cannot announce the same change twice, and an alert archived meanwhile is left alone.
 */
export async function recordAlertStates(tx: Prisma.TransactionClient, customerId: string, readings: readonly AlertReading[], at: Date): Promise<Transition[]> {
  if (readings.length === 0) return [];
  const ids = readings.map((r) => r.alert.id);
  const live = new Set(
    (await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM alert WHERE id = ANY($1::uuid[]) AND archived_at IS NULL FOR SHARE`, ids)).map((r) => r.id),
  );
  const current = new Map(
    (
      await tx.$queryRawUnsafe<{ alert_id: string; status: string }[]>(
        `SELECT alert_id::text AS alert_id, status::text AS status FROM customer_alert_state WHERE customer_id = $1::uuid AND alert_id = ANY($2::uuid[]) ORDER BY alert_id FOR UPDATE`,
        customerId,
        ids,
      )
    ).map((r) => [r.alert_id, r.status]),
  );
  const transitions: Transition[] = [];
  for (const { alert, value, status } of readings) {
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
}
