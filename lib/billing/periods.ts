import { assertHourAligned, assertValidWindow, cycleContaining } from "./calendar";
import { BillingInputError } from "./errors";
import type { BillingFrequency, Window } from "./types";

export const MONTHS_PER_PERIOD: Readonly<Record<BillingFrequency, number>> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  ANNUAL: 12,
};

export interface UsageStatementSchedule {
  frequency: BillingFrequency;
  /**
   * CONTRACT_START: periods run from the contract's start instant.
   * FIRST_OF_MONTH: periods run from 00:00 UTC on the 1st of the start month (the first one is partial).
   * CUSTOM_DATE: periods run from `billingAnchorDate`.
   */
  day: "CONTRACT_START" | "FIRST_OF_MONTH" | "CUSTOM_DATE";
  billingAnchorDate?: Date;
}

/** The part of a contract that decides its billing cycle. */
export interface BillingCycleTerms {
  startingAt: Date;
  endingBefore?: Date;
  usageStatementSchedule: UsageStatementSchedule;
}

export function billingAnchor(terms: BillingCycleTerms): Date {
  const { day, billingAnchorDate } = terms.usageStatementSchedule;
  if (day === "CONTRACT_START") return terms.startingAt;
  if (day === "FIRST_OF_MONTH") {
    return new Date(Date.UTC(terms.startingAt.getUTCFullYear(), terms.startingAt.getUTCMonth(), 1));
  }
  if (billingAnchorDate === undefined) {
    throw new BillingInputError("a CUSTOM_DATE usage statement schedule needs a billingAnchorDate");
  }
  assertHourAligned(billingAnchorDate, "billingAnchorDate");
  return billingAnchorDate;
}

/** The billing period containing `at`, cut to the contract; undefined outside the contract. */
export function billingPeriodAt(terms: BillingCycleTerms, at: Date): Window | undefined {
  const t = at.getTime();
  if (t < terms.startingAt.getTime()) return undefined;
  if (terms.endingBefore !== undefined && t >= terms.endingBefore.getTime()) return undefined;
  const cycle = cycleContaining(
    billingAnchor(terms),
    MONTHS_PER_PERIOD[terms.usageStatementSchedule.frequency],
    at,
  );
  return {
    startingAt: cycle.startingAt < terms.startingAt ? terms.startingAt : cycle.startingAt,
    endingBefore:
      terms.endingBefore !== undefined && terms.endingBefore < cycle.endingBefore
        ? terms.endingBefore
        : cycle.endingBefore,
  };
}

/** Every billing period of the contract that starts before `until`, in order. */
export function billingPeriods(terms: BillingCycleTerms, until: Date): Window[] {
  const periods: Window[] = [];
  let period = billingPeriodAt(terms, terms.startingAt);
  while (period !== undefined && period.startingAt < until) {
    periods.push(period);
    period = billingPeriodAt(terms, period.endingBefore);
  }
  return periods;
}

/** An invoice period must be a range of the contract with hour-aligned edges. */
export function assertPeriodInContract(terms: BillingCycleTerms, period: Window): void {
  assertValidWindow(period, "period");
  assertHourAligned(period.startingAt, "period startingAt");
  assertHourAligned(period.endingBefore, "period endingBefore");
  if (
    period.startingAt < terms.startingAt ||
    (terms.endingBefore !== undefined && period.endingBefore > terms.endingBefore)
  ) {
    throw new BillingInputError("period must lie within the contract");
  }
}
