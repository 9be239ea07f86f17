import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import type { AlertType } from "./schemas";

// An alert as services hand it out: plain data, money as our Decimal.

export const ALERT_SELECT = {
  id: true,
  name: true,
  type: true,
  threshold: true,
  creditTypeId: true,
  billableMetricId: true,
  billableMetric: { select: { name: true } },
  customerId: true,
  groupValues: true,
  uniquenessKey: true,
  createdAt: true,
  archivedAt: true,
} as const satisfies Prisma.AlertSelect;

export type AlertRow = Prisma.AlertGetPayload<{ select: typeof ALERT_SELECT }>;

export type AlertRecord = {
  id: string;
  name: string;
  type: AlertType;
  threshold: Decimal;
  creditTypeId: string | null;
  /** The credit type's name, for display; "" until withCreditTypeNames fills it in. */
  creditTypeName: string;
  billableMetric: { id: string; name: string } | null;
  /** Null: every customer. */
  customerId: string | null;
  groupValues: Record<string, string> | null;
  uniquenessKey: string | null;
  createdAt: Date;
  archivedAt: Date | null;
};

export function toAlertRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type as AlertType,
    threshold: fromDb(row.threshold),
    creditTypeId: row.creditTypeId,
    creditTypeName: "",
    billableMetric: row.billableMetricId ? { id: row.billableMetricId, name: row.billableMetric?.name ?? "" } : null,
    customerId: row.customerId,
    groupValues: (row.groupValues as Record<string, string> | null) ?? null,
    uniquenessKey: row.uniquenessKey,
    createdAt: row.createdAt,
    archivedAt: row.archivedAt,
  };
}

/** Alerts name a credit type by id only (no relation): names are looked up for the page at once. */
export async function withCreditTypeNames<T extends { alert: AlertRecord } | AlertRecord>(db: Prisma.TransactionClient, items: T[]): Promise<T[]> {
  const alerts: AlertRecord[] = items.map((item) => ("alert" in item ? item.alert : item) as AlertRecord);
  const ids = [...new Set(alerts.map((a) => a.creditTypeId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return items;
  const names = new Map((await db.creditType.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  for (const alert of alerts) if (alert.creditTypeId) alert.creditTypeName = names.get(alert.creditTypeId) ?? "";
  return items;
}

export const ALERT_NOT_FOUND = "No alert has that id.";

export async function readAlert(db: Prisma.TransactionClient, id: string): Promise<AlertRecord> {
  const row = await db.alert.findUnique({ where: { id }, select: ALERT_SELECT });
  if (!row) throw new AppError("not_found", ALERT_NOT_FOUND, { id: "No alert has that id" });
  const [alert] = await withCreditTypeNames(db, [toAlertRecord(row)]);
  return alert!;
}

/** What an alert shows of a customer: its evaluated status (null until first evaluated). */
export type CustomerAlertRecord = {
  alert: AlertRecord;
  status: "ok" | "in_alarm" | "evaluating" | null;
  lastValue: Decimal | null;
  evaluatedAt: Date | null;
  changedAt: Date | null;
};

export const STATE_SELECT = { status: true, lastValue: true, evaluatedAt: true, changedAt: true } as const satisfies Prisma.CustomerAlertStateSelect;
type StateRow = Prisma.CustomerAlertStateGetPayload<{ select: typeof STATE_SELECT }>;

export function toCustomerAlertRecord(alert: AlertRecord, state: StateRow | undefined | null): CustomerAlertRecord {
  return {
    alert,
    status: state?.status ?? null,
    lastValue: state?.lastValue ? fromDb(state.lastValue) : null,
    evaluatedAt: state?.evaluatedAt ?? null,
    changedAt: state?.changedAt ?? null,
  };
}
