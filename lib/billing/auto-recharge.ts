import { HOUR_MS } from "./calendar";
import { sum, type Decimal } from "./decimal";
import { BillingInputError } from "./errors";
import { isAtPrecision, roundLineTotal } from "./money";
import type { CreditType } from "./types";

/**
 * Auto-recharge (Metronome's prepaid balance threshold): when the prepaid balance a contract
 * may draw has fallen to its threshold, a prepaid commit is bought that brings the balance back
 * to the recharge-to amount. The rule depends on the balance only, so after a recharge the
 * balance is above the threshold again and the same crossing cannot recharge twice.
 */

export interface RechargeRule {
  thresholdAmount: Decimal;
  rechargeToAmount: Decimal;
  creditType: CreditType;
}

/** A commit or credit as the rule weighs it: whose it is, its kind and what it holds now. */
export interface HeldBalance {
  /** The contract it belongs to; null for a customer-level one (every contract may draw it). */
  contractId: string | null;
  kind: "PREPAID" | "POSTPAID" | "CREDIT";
  creditTypeId: string;
  remaining: Decimal;
}

/** The amounts must be whole in the credit type, the threshold not negative, the recharge-to above it. */
export function validateRechargeRule(rule: RechargeRule): void {
  const { thresholdAmount: threshold, rechargeToAmount: to, creditType } = rule;
  if (threshold.lt(0)) throw new BillingInputError("threshold_amount must not be negative");
  if (!to.gt(threshold)) throw new BillingInputError("recharge_to_amount must be greater than threshold_amount");
  for (const [name, amount] of [["threshold_amount", threshold], ["recharge_to_amount", to]] as const) {
    if (!isAtPrecision(amount, creditType)) throw new BillingInputError(`${name} must have at most ${creditType.precision} decimal places of ${creditType.name}`);
  }
}

/**
 * The balance the threshold is compared with: what the contract's own and the customer-level
 * prepaid commits and credits in the rule's credit type hold now (as Metronome counts contract-
 * and customer-level commits and credits). A postpaid commit holds no prepaid money.
 */
export function rechargeableBalance(balances: readonly HeldBalance[], contractId: string, creditTypeId: string): Decimal {
  return sum(
    balances
      .filter((b) => (b.contractId === contractId || b.contractId === null) && b.kind !== "POSTPAID" && b.creditTypeId === creditTypeId)
      .map((b) => b.remaining),
  );
}

/**
 * What to buy now: nothing while the balance is above the threshold; once it has fallen to the
 * threshold or below it, the amount that brings it to the recharge-to amount.
 */
export function rechargeAmount(rule: Pick<RechargeRule, "thresholdAmount" | "rechargeToAmount">, balance: Decimal): Decimal | null {
  if (balance.gt(rule.thresholdAmount)) return null;
  return rule.rechargeToAmount.minus(balance);
}

/**
 * What the recharge is invoiced: the amount bought, or its `paymentFraction` (0.85: 15% off)
 * rounded half-up to the credit type's precision, as an invoice line is.
 */
export function rechargeInvoiceAmount(amount: Decimal, paymentFraction: Decimal | null, creditType: CreditType): Decimal {
  if (paymentFraction === null) return amount;
  if (!paymentFraction.gt(0) || paymentFraction.gt(1)) throw new BillingInputError("payment_fraction must be more than 0 and at most 1");
  return roundLineTotal(amount.times(paymentFraction), creditType);
}

/**
 * The recharge commit's access: from the start of the hour of the recharge (so it is usable at
 * once, and windows stay on the hour) until the contract ends; an open-ended contract's until
 * OPEN_ENDED_ACCESS_YEARS later, which stands for "no expiry".
 */
export const OPEN_ENDED_ACCESS_YEARS = 100;

export function rechargeAccess(now: Date, contractEnd: Date | null): { startingAt: Date; endingBefore: Date } {
  const startingAt = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  if (contractEnd && contractEnd <= now) throw new BillingInputError("a contract that has ended is not recharged");
  const endingBefore = contractEnd ?? new Date(Date.UTC(startingAt.getUTCFullYear() + OPEN_ENDED_ACCESS_YEARS, startingAt.getUTCMonth(), startingAt.getUTCDate(), startingAt.getUTCHours()));
  return { startingAt, endingBefore };
}
