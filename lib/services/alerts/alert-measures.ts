import { sum, ZERO, type Decimal } from "@/lib/billing/decimal";
import type { GroupValues, LineItem } from "@/lib/billing/types";
import type { PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { METRIC_SELECT, toMetricDefinition } from "@/lib/metering/metric-definition";
import { queryUsage } from "@/lib/metering/usage-query";
import { currentSpan } from "@/lib/services/invoices/current-period";
import type { CustomerStanding } from "@/lib/services/overview/customer-standing";
import type { AlertRecord } from "./alert-record";
import type { AlertType } from "./schemas";

// What each alert type measures for one customer at `at`, from the standing the billing-state
// refresh has just priced and stores (the balances with the open drafts' draws, the draft
// invoices) and the usage query, so an alert never disagrees with the numbers the console and
// the customer see, and no customer is priced twice.

/** Low-balance alerts fire at or below the threshold; the others at or above it (Metronome's rule). */
export function isLowAlert(type: AlertType): boolean {
  return type.startsWith("low_");
}

export function inAlarm(type: AlertType, value: Decimal, threshold: Decimal): boolean {
  return isLowAlert(type) ? value.lte(threshold) : value.gte(threshold);
}

const BALANCE_KINDS: Partial<Record<AlertType, readonly ("COMMIT" | "CREDIT")[]>> = {
  low_credit_balance_reached: ["CREDIT"],
  low_remaining_contract_credit_balance_reached: ["CREDIT"],
  low_remaining_commit_balance_reached: ["COMMIT"],
  low_remaining_contract_credit_and_commit_balance_reached: ["COMMIT", "CREDIT"],
};

const startOfMonth = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
/** The next calendar month's start (UTC): when monthly alert measures begin again. */
export const startOfNextMonth = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));

function matchesGroups(line: LineItem, wanted: Record<string, string>): boolean {
  const values: GroupValues = { ...line.pricingGroupValues, ...line.presentationGroupValues };
  return Object.entries(wanted).every(([key, value]) => values[key] === value);
}

export type CustomerMeasures = { measure(alert: AlertRecord): Promise<Decimal> };

export function customerMeasures(db: PrismaClient, standing: CustomerStanding, at: Date): CustomerMeasures {
  const { customerId } = standing;
  // The live commits and credits, as getNetBalance counts them (FINALIZED_AND_DRAFT); a customer
  // with none holds zero, and a low-balance alert is in alarm for it, as in Metronome.
  const balances = standing.rows.map((row) => ({ creditTypeId: row.creditTypeId, kind: row.kind, remaining: standing.state?.balances.get(row.id)?.remaining ?? ZERO }));

  async function usage(alert: AlertRecord): Promise<Decimal> {
    const row = await db.billableMetric.findUnique({ where: { id: alert.billableMetric!.id }, select: METRIC_SELECT });
    if (!row) return ZERO;
    // The current billing period: from the earliest start to the latest end of the periods
    // containing `at` (Metronome's rule); a customer billed on no contract, the calendar month.
    const span = currentSpan(standing.current);
    const startingOn = span?.startingAt ?? startOfMonth(at);
    const endingBefore = span?.endingBefore ?? startOfNextMonth(at);
    const groupFilter = Object.fromEntries(Object.entries(alert.groupValues ?? {}).map(([key, value]) => [key, [value]]));
    const [bucket] = await queryUsage(db, { customerId, metric: toMetricDefinition(row), startingOn, endingBefore, windowSize: "NONE", groupFilter });
    return sum((bucket?.groups ?? []).map((g) => g.value));
  }

  return {
    async measure(alert) {
      const kinds = BALANCE_KINDS[alert.type];
      if (kinds) {
        const held = balances.filter((b) => b.creditTypeId === alert.creditTypeId && kinds.includes(b.kind));
        return sum(held.map((b) => b.remaining));
      }
      switch (alert.type) {
        case "spend_threshold_reached": {
          // Usage charges of the current period before commits and credits are applied.
          const lines = standing.current.flatMap((d) => d.invoice.lines);
          const usageLines = lines.filter((l) => l.type === "USAGE" && l.creditType.id === alert.creditTypeId && (!alert.groupValues || matchesGroups(l, alert.groupValues)));
          return sum(usageLines.map((l) => l.total));
        }
        case "monthly_invoice_total_spend_threshold_reached": {
          // Invoices issued this calendar month (UTC), plus the drafts that will be: every open
          // draft that reaches into the month.
          const monthStart = startOfMonth(at);
          const issued = await db.invoice.findMany({
            where: { customerId, status: "FINALIZED", creditTypeId: alert.creditTypeId!, issuedAt: { gte: monthStart, lt: startOfNextMonth(at) } },
            select: { total: true },
          });
          const open = standing.drafts.filter((d) => d.invoice.creditType.id === alert.creditTypeId && d.invoice.endingBefore > monthStart);
          return sum([...issued.map((i) => fromDb(i.total)), ...open.map((d) => d.invoice.total)]);
        }
        case "usage_threshold_reached":
          return usage(alert);
        default:
          throw new Error(`No measure for alert type ${alert.type}`);
      }
    },
  };
}
