import { addMonthsClamped } from "./calendar";
import type { ChargeSchedule, ChargeScheduleItem, Contract, RecurringSchedule, ScheduleFrequency } from "./contract-terms";
import { type Decimal, ONE } from "./decimal";
import { BillingInputError } from "./errors";
import { roundLineTotal } from "./money";
import { productOf, type RateCardIndex } from "./rate-schedule";
import type { CreditType, LineItem, Window } from "./types";

/** Fixed amounts on dates: scheduled charges (negative ones are discounts) and commit purchases. */

const MONTHS: Readonly<Record<ScheduleFrequency, number>> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMI_ANNUAL: 6,
  ANNUAL: 12,
};

export interface DueAmount {
  timestamp: Date;
  amount: Decimal;
  quantity: Decimal;
  unitPrice: Decimal;
}

function itemAmount(item: ChargeScheduleItem | RecurringSchedule, what: string): Decimal {
  if (item.amount !== undefined) return item.amount;
  if (item.quantity !== undefined && item.unitPrice !== undefined) return item.quantity.times(item.unitPrice);
  throw new BillingInputError(`${what}: a schedule item needs an amount, or a quantity and a unitPrice`);
}

function recurringAmounts(recurring: RecurringSchedule, creditType: CreditType, what: string): DueAmount[] {
  const timestamps: Date[] = [];
  for (let n = 0; ; n += 1) {
    const timestamp = addMonthsClamped(recurring.startingAt, n * MONTHS[recurring.frequency]);
    if (timestamp >= recurring.endingBefore) break;
    timestamps.push(timestamp);
  }
  const total = itemAmount(recurring, what);
  if (recurring.amountDistribution === "EACH") {
    return timestamps.map((timestamp) => ({
      timestamp,
      amount: total,
      quantity: recurring.quantity ?? ONE,
      unitPrice: recurring.unitPrice ?? total,
    }));
  }
  const count = timestamps.length;
  let shares: Decimal[];
  if (recurring.amountDistribution === "DIVIDED") {
    shares = timestamps.map(() => total.div(count));
  } else {
    // DIVIDED_ROUNDED: even rounded shares, the last one taking what rounding left over.
    const share = roundLineTotal(total.div(count), creditType);
    shares = timestamps.map((_, i) => (i < count - 1 ? share : total.minus(share.times(count - 1))));
  }
  return timestamps.map((timestamp, i) => ({ timestamp, amount: shares[i]!, quantity: ONE, unitPrice: shares[i]! }));
}

/** Every dated amount of a schedule, one-off items and recurring ones alike. */
export function expandSchedule(schedule: ChargeSchedule, creditType: CreditType, what: string): DueAmount[] {
  const items = (schedule.scheduleItems ?? []).map((item) => {
    const amount = itemAmount(item, what);
    return { timestamp: item.timestamp, amount, quantity: item.quantity ?? ONE, unitPrice: item.unitPrice ?? amount };
  });
  const recurring = schedule.recurringSchedule;
  if (recurring !== undefined && recurring.startingAt >= recurring.endingBefore) {
    throw new BillingInputError(`${what}: the recurring schedule must start before it ends`);
  }
  return recurring === undefined ? items : [...items, ...recurringAmounts(recurring, creditType, what)];
}

function dueIn(period: Window, due: DueAmount): boolean {
  return due.timestamp >= period.startingAt && due.timestamp < period.endingBefore;
}

export interface ScheduledLines {
  charges: LineItem[];
  /** Negative scheduled charges, before capping at what is left to bill (discounts.ts). */
  amountDiscounts: LineItem[];
}

/**
 * Scheduled charges dated in the period. A point-in-time line has startingAt = endingBefore
 * = its date.
 */
export function scheduledChargeLines(contract: Contract, index: RateCardIndex, period: Window): ScheduledLines {
  const lines: ScheduledLines = { charges: [], amountDiscounts: [] };
  for (const charge of contract.scheduledCharges ?? []) {
    if (charge.schedule.doNotInvoice === true) continue;
    const creditType = charge.schedule.creditType ?? index.fiatCreditType;
    const product = productOf(index, charge.productId);
    for (const due of expandSchedule(charge.schedule, creditType, `scheduled charge ${charge.id}`)) {
      if (!dueIn(period, due)) continue;
      const line: LineItem = {
        type: due.amount.lt(0) ? "DISCOUNT" : "SCHEDULED_CHARGE",
        name: charge.name ?? product.name,
        productId: product.id,
        scheduledChargeId: charge.id,
        startingAt: due.timestamp,
        endingBefore: due.timestamp,
        quantity: due.quantity.abs(),
        unitPrice: due.unitPrice.abs(),
        creditType,
        total: roundLineTotal(due.amount, creditType),
      };
      (line.type === "DISCOUNT" ? lines.amountDiscounts : lines.charges).push(line);
    }
  }
  return lines;
}

/** Prepaid commit purchases invoiced in the period, from each commit's invoice schedule. */
export function commitPurchaseLines(contract: Contract, index: RateCardIndex, period: Window): LineItem[] {
  const lines: LineItem[] = [];
  for (const commit of contract.commits ?? []) {
    const schedule = commit.invoiceSchedule;
    if (commit.type !== "PREPAID" || schedule === undefined || schedule.doNotInvoice === true) continue;
    const creditType = schedule.creditType ?? index.fiatCreditType;
    const product = productOf(index, commit.productId);
    for (const due of expandSchedule(schedule, creditType, `commit ${commit.id}`)) {
      if (!dueIn(period, due)) continue;
      if (due.amount.lt(0)) throw new BillingInputError(`commit ${commit.id}: invoice amounts must not be negative`);
      lines.push({
        type: "COMMIT_PURCHASE",
        name: commit.name ?? product.name,
        productId: product.id,
        commitId: commit.id,
        commitType: "PREPAID",
        startingAt: due.timestamp,
        endingBefore: due.timestamp,
        quantity: due.quantity,
        unitPrice: due.unitPrice,
        creditType,
        total: roundLineTotal(due.amount, creditType),
      });
    }
  }
  return lines;
}
