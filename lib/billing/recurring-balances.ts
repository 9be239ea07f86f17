import { addMonthsClamped, assertHourAligned, cycleIndexContaining, HOUR_MS } from "./calendar";
import { Decimal, ONE } from "./decimal";
import { BillingInputError } from "./errors";
import { isAtPrecision } from "./money";
import { billingAnchor, MONTHS_PER_PERIOD, type BillingCycleTerms } from "./periods";
import type { CreditType, Window } from "./types";

/**
 * Recurring commits and credits (Metronome's `recurring_commits` / `recurring_credits`): one
 * balance granted per period, each usable for `commitDuration` periods. Which balances exist, for
 * which dates and amounts, is decided here; the services store each as an ordinary commit or
 * credit, so invoices and balances read them like any other.
 *
 * - Periods are those of `recurrenceFrequency` counted from the recurring balance's start, or,
 *   without one, the contract's billing periods (@metronome/sdk RecurringCommit: "If not
 *   provided, the commits will be created on the usage invoice frequency").
 * - Balances are granted from its start until its `endingBefore`, or the contract's end, whichever
 *   comes first; each period cut by either is a partial one.
 * - Proration (default FIRST_AND_LAST, as in the SDK): a partial first or last period grants, and
 *   bills, its share of the period by exact time (by days when the dates are midnights), rounded
 *   half-up to the credit type's precision unless a proration rounding says otherwise. A period
 *   not prorated grants the whole amount for the time it has.
 * - A balance is usable from its period's start for `commitDuration` periods, never past the end.
 * - A prepaid recurring commit's `invoiceAmount` is billed on each period's start, prorated alike.
 */

export type RecurrenceFrequency = "MONTHLY" | "QUARTERLY" | "ANNUAL" | "WEEKLY" | "DAILY";
export type RecurringProration = "NONE" | "FIRST" | "LAST" | "FIRST_AND_LAST";

/** How a prorated amount is rounded: to `decimalPlaces` of the unit (negative: to tens, hundreds…). */
export interface ProrationRounding {
  decimalPlaces: number;
  roundingMethod: "HALF_UP" | "FLOOR" | "CEILING";
}

export interface RecurringBalance {
  startingAt: Date;
  /** When granting stops; the contract's end when absent (or earlier). */
  endingBefore?: Date;
  /** Granted for each whole period (unit price × quantity), in `creditType`. */
  accessAmount: Decimal;
  creditType: CreditType;
  /** Prepaid recurring commits: billed for each whole period, in `invoiceCreditType`. */
  invoiceAmount?: Decimal;
  invoiceCreditType?: CreditType;
  /** How many periods each balance is usable for (a whole number, at least 1). */
  commitDuration: number;
  proration: RecurringProration;
  /** Absent: the contract's billing periods. */
  recurrenceFrequency?: RecurrenceFrequency;
  accessRounding?: ProrationRounding;
  invoiceRounding?: ProrationRounding;
}

/** One balance of a recurring commit or credit. */
export interface RecurringGrant {
  /** 0 for the first period. */
  index: number;
  /** The period it is granted for, cut to the recurring balance's dates. */
  period: Window;
  /** When it can be drawn: from the period's start for `commitDuration` periods. */
  access: Window;
  /** The share of the period it is granted for: 1, or less for a prorated period. */
  fraction: Decimal;
  amount: Decimal;
  /** Billed on `period.startingAt`. */
  invoiceAmount?: Decimal;
}

const DAY_MS = 24 * HOUR_MS;
const FIXED_MS: Partial<Record<RecurrenceFrequency, number>> = { WEEKLY: 7 * DAY_MS, DAILY: DAY_MS };
const MONTHS: Partial<Record<RecurrenceFrequency, number>> = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 };

/** Periods k = 0, 1, … of a recurring balance; period 0 contains its start. */
interface Grid {
  at(k: number): Window;
  /** The k of the period containing `t` (0 before the first). */
  indexOf(t: Date): number;
}

function grid(recurring: RecurringBalance, contract: BillingCycleTerms): Grid {
  const start = recurring.startingAt;
  const frequency = recurring.recurrenceFrequency;
  const fixed = frequency ? FIXED_MS[frequency] : undefined;
  if (fixed !== undefined) {
    const at = (k: number) => ({ startingAt: new Date(start.getTime() + k * fixed), endingBefore: new Date(start.getTime() + (k + 1) * fixed) });
    return { at, indexOf: (t) => Math.max(0, Math.floor((t.getTime() - start.getTime()) / fixed)) };
  }
  // Whole months from an anchor, each step computed from the anchor (never chained).
  const anchor = frequency ? start : billingAnchor(contract);
  const step = frequency ? MONTHS[frequency]! : MONTHS_PER_PERIOD[contract.usageStatementSchedule.frequency];
  const first = cycleIndexContaining(anchor, step, start);
  const at = (k: number) => ({ startingAt: addMonthsClamped(anchor, (first + k) * step), endingBefore: addMonthsClamped(anchor, (first + k + 1) * step) });
  return { at, indexOf: (t) => Math.max(0, cycleIndexContaining(anchor, step, t) - first) };
}

const METHODS = { HALF_UP: Decimal.ROUND_HALF_UP, FLOOR: Decimal.ROUND_FLOOR, CEILING: Decimal.ROUND_CEIL } as const;

/** A balance holds amounts at its credit type's precision, so a rounding may be coarser, never finer. */
function assertRounding(rounding: ProrationRounding | undefined, creditType: CreditType, what: string): void {
  if (rounding && (!Number.isInteger(rounding.decimalPlaces) || rounding.decimalPlaces > creditType.precision)) {
    throw new BillingInputError(`${what}: a proration rounding keeps at most ${creditType.precision} decimal places of ${creditType.name}`);
  }
}

function roundProrated(amount: Decimal, creditType: CreditType, rounding: ProrationRounding | undefined): Decimal {
  const places = rounding?.decimalPlaces ?? creditType.precision;
  const scale = new Decimal(10).pow(places);
  const rounded = amount.times(scale).toDecimalPlaces(0, METHODS[rounding?.roundingMethod ?? "HALF_UP"]).div(scale);
  return rounded.isZero() ? new Decimal(0) : rounded;
}

/** When granting stops: the recurring balance's end or the contract's, whichever is first. */
function endOf(recurring: RecurringBalance, contract: BillingCycleTerms): Date | undefined {
  const ends = [recurring.endingBefore, contract.endingBefore].filter((d): d is Date => d !== undefined);
  return ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : undefined;
}

function validate(recurring: RecurringBalance, contract: BillingCycleTerms, what: string): void {
  assertHourAligned(recurring.startingAt, `${what} startingAt`);
  if (recurring.endingBefore) assertHourAligned(recurring.endingBefore, `${what} endingBefore`);
  if (recurring.startingAt < contract.startingAt) throw new BillingInputError(`${what}: must not start before the contract does`);
  if (recurring.endingBefore && recurring.endingBefore <= recurring.startingAt) throw new BillingInputError(`${what}: must start before it ends`);
  if (!Number.isInteger(recurring.commitDuration) || recurring.commitDuration < 1) {
    throw new BillingInputError(`${what}: the commit duration must be a whole number of periods, at least 1`);
  }
  if (recurring.accessAmount.lt(0) || !isAtPrecision(recurring.accessAmount, recurring.creditType)) {
    throw new BillingInputError(`${what}: the access amount must be ≥ 0 with at most ${recurring.creditType.precision} decimal places of ${recurring.creditType.name}`);
  }
  const invoiceType = recurring.invoiceCreditType ?? recurring.creditType;
  if (recurring.invoiceAmount && (recurring.invoiceAmount.lt(0) || !isAtPrecision(recurring.invoiceAmount, invoiceType))) {
    throw new BillingInputError(`${what}: the invoice amount must be ≥ 0 with at most ${invoiceType.precision} decimal places of ${invoiceType.name}`);
  }
  assertRounding(recurring.accessRounding, recurring.creditType, `${what} access`);
  assertRounding(recurring.invoiceRounding, invoiceType, `${what} invoice`);
}

/**
 * The balances of a recurring commit or credit whose periods start before `until`, in order.
 * Pass `until` = its end (or later) for all of them; an open-ended one needs a horizon
 * (recurringHorizon).
 */
export function recurringGrants(recurring: RecurringBalance, contract: BillingCycleTerms, until: Date, what = "recurring balance"): RecurringGrant[] {
  validate(recurring, contract, what);
  const periods = grid(recurring, contract);
  const end = endOf(recurring, contract);
  const prorateFirst = recurring.proration === "FIRST" || recurring.proration === "FIRST_AND_LAST";
  const prorateLast = recurring.proration === "LAST" || recurring.proration === "FIRST_AND_LAST";
  const grants: RecurringGrant[] = [];
  for (let k = 0; ; k += 1) {
    const full = periods.at(k);
    const startingAt = full.startingAt < recurring.startingAt ? recurring.startingAt : full.startingAt;
    if ((end && startingAt >= end) || startingAt >= until) break;
    const endingBefore = end && end < full.endingBefore ? end : full.endingBefore;
    const lastUsable = periods.at(k + recurring.commitDuration - 1).endingBefore;
    const access = { startingAt, endingBefore: end && end < lastUsable ? end : lastUsable };
    // The share of the full period counted: a cut end is counted only where it is prorated.
    const from = prorateFirst ? startingAt : full.startingAt;
    const to = prorateLast ? endingBefore : full.endingBefore;
    const fraction = new Decimal(to.getTime() - from.getTime()).div(full.endingBefore.getTime() - full.startingAt.getTime());
    const whole = fraction.eq(ONE);
    const share = (amount: Decimal, creditType: CreditType, rounding: ProrationRounding | undefined) => (whole ? amount : roundProrated(amount.times(fraction), creditType, rounding));
    grants.push({
      index: k,
      period: { startingAt, endingBefore },
      access,
      fraction,
      amount: share(recurring.accessAmount, recurring.creditType, recurring.accessRounding),
      ...(recurring.invoiceAmount ? { invoiceAmount: share(recurring.invoiceAmount, recurring.invoiceCreditType ?? recurring.creditType, recurring.invoiceRounding) } : {}),
    });
  }
  return grants;
}

/**
 * How far to grant an open-ended recurring balance at `now`: every period up to `ahead` periods
 * after the one in progress (or the first, before it starts). `until` is where granting stops for
 * now; `extendAt` is when to grant further (the next period's start), absent once every period is
 * granted.
 */
export function recurringHorizon(recurring: RecurringBalance, contract: BillingCycleTerms, now: Date, ahead = 2): { until: Date; extendAt?: Date } {
  const periods = grid(recurring, contract);
  const end = endOf(recurring, contract);
  const current = periods.indexOf(now < recurring.startingAt ? recurring.startingAt : now);
  const until = periods.at(current + ahead).endingBefore;
  if (end && end <= until) return { until: end };
  return { until, extendAt: periods.at(current + 1).startingAt };
}
