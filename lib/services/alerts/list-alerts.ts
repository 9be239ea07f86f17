import type { Decimal } from "@/lib/billing/decimal";
import { fromDb } from "@/lib/db/decimal";
import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ALERT_SELECT, toAlertRecord, withCreditTypeNames, type AlertRecord } from "./alert-record";
import { ZListAlerts, type TListAlerts } from "./schemas";

// The console's list of alerts: each with its scope and the customers it has in alarm now.

const LIMIT = 200;
/** Customers in alarm shown per alert; the count tells how many there are in all. */
const IN_ALARM_SHOWN = 10;

export type AlertOverview = AlertRecord & {
  customerName: string | null;
  inAlarmCount: number;
  inAlarm: { customerId: string; customerName: string; lastValue: Decimal | null; changedAt: Date }[];
};

export async function listAlerts(ctx: ServiceContext, input: TListAlerts): Promise<AlertOverview[]> {
  const q = parseInput(ZListAlerts, input);
  const rows = await ctx.db.alert.findMany({
    where: q.include_archived ? {} : { archivedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LIMIT,
    select: ALERT_SELECT,
  });
  const alerts = await withCreditTypeNames(ctx.db, rows.map(toAlertRecord));
  const ids = alerts.map((a) => a.id);
  const counts = await ctx.db.customerAlertState.groupBy({ by: ["alertId"], where: { alertId: { in: ids }, status: "in_alarm" }, _count: { _all: true } });
  const states = (
    await ctx.db.$queryRawUnsafe<{ alert_id: string; customer_id: string; last_value: string | null; changed_at: Date }[]>(
      `SELECT alert_id::text AS alert_id, customer_id::text AS customer_id, last_value::text AS last_value, changed_at FROM (
         SELECT s.*, row_number() OVER (PARTITION BY alert_id ORDER BY changed_at DESC, customer_id) AS n
         FROM customer_alert_state s WHERE alert_id = ANY($1::uuid[]) AND status = 'in_alarm') ranked
       WHERE n <= ${IN_ALARM_SHOWN} ORDER BY changed_at DESC, customer_id`,
      ids,
    )
  ).map((r) => ({ alertId: r.alert_id, customerId: r.customer_id, lastValue: r.last_value, changedAt: new Date(r.changed_at) }));
  const customerIds = [...new Set([...states.map((s) => s.customerId), ...alerts.flatMap((a) => (a.customerId ? [a.customerId] : []))])];
  const names = new Map((await ctx.db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  return alerts.map((alert) => ({
    ...alert,
    customerName: alert.customerId ? (names.get(alert.customerId) ?? null) : null,
    inAlarmCount: counts.find((c) => c.alertId === alert.id)?._count._all ?? 0,
    inAlarm: states
      .filter((s) => s.alertId === alert.id)
      .slice(0, IN_ALARM_SHOWN)
      .map((s) => ({ customerId: s.customerId, customerName: names.get(s.customerId) ?? s.customerId, lastValue: s.lastValue ? fromDb(s.lastValue) : null, changedAt: s.changedAt })),
  }));
}
