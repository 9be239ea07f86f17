import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { ALERT_SELECT, toAlertRecord, withCreditTypeNames } from "@/lib/services/alerts/alert-record";
import type { AlertType } from "@/lib/services/alerts/schemas";

// The portal's banner: the customer's live alerts that are in alarm for it. Only what the
// sentence needs leaves the server — not the alert's internal name, not other customers' states.

type Db = PrismaClient | Prisma.TransactionClient;

export type PortalAlert = {
  id: string;
  type: AlertType;
  threshold: string;
  creditType: { id: string; name: string } | null;
  metricName: string | null;
  groupValues: Record<string, string> | null;
  value: string | null;
  since: string;
};

export async function readPortalAlerts(db: Db, customerId: string): Promise<PortalAlert[]> {
  const states = await db.customerAlertState.findMany({
    where: { customerId, status: "in_alarm", alert: { archivedAt: null, OR: [{ customerId }, { customerId: null }] } },
    orderBy: { changedAt: "desc" },
    select: { lastValue: true, changedAt: true, alert: { select: ALERT_SELECT } },
  });
  const alerts = await withCreditTypeNames(db, states.map((s) => toAlertRecord(s.alert)));
  return alerts.map((alert, i) => ({
    id: alert.id,
    type: alert.type,
    threshold: alert.threshold.toFixed(),
    creditType: alert.creditTypeId ? { id: alert.creditTypeId, name: alert.creditTypeName } : null,
    metricName: alert.billableMetric?.name ?? null,
    groupValues: alert.groupValues,
    value: states[i]!.lastValue ? fromDb(states[i]!.lastValue!).toFixed() : null,
    since: states[i]!.changedAt.toISOString(),
  }));
}
