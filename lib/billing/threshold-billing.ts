import { type Decimal, max, sum, ZERO } from "./decimal";
import { roundLineTotal, sameCreditType } from "./money";
import type { Invoice, LineItem, Window } from "./types";

/**
 * Spend threshold billing (Metronome's spend_threshold_configuration). While a contract's
 * threshold is enabled, each time the unbilled spend of the period in progress reaches
 * `thresholdAmount`, that spend is billed at once on a THRESHOLD invoice as a prepaid commit of
 * the same amount, usable in the period and drawn after every other balance (balances.ts
 * drawOrder). The period's usage draft then draws the commit down, so the spend is billed once:
 * the draft's unbilled spend falls to zero and grows again from there with new usage.
 *
 * Unbilled spend is what such a commit can draw: the invoice's fiat charges that balances draw
 * down (usage, composite and subscription lines) after percentage discounts and the balances
 * already drawn — not postpaid true-ups (a minimum, billed at the commit's end), amount discounts
 * (scheduled negative charges, capped at the end) or conversions of custom-unit spend.
 */

export type ThresholdTerms = {
  isEnabled: boolean;
  /** In the invoice's (fiat) credit type; positive. */
  thresholdAmount: Decimal;
};

/** Lines whose sum is the spend a threshold commit could draw. */
function countsAsUnbilled(line: LineItem): boolean {
  switch (line.type) {
    case "USAGE":
    case "SUBSCRIPTION":
    case "APPLIED_COMMIT_OR_CREDIT":
      return true;
    case "DISCOUNT":
      // Percentage discounts apply before balances draw; amount discounts (scheduled charges) after.
      return line.scheduledChargeId === undefined;
    default:
      return false;
  }
}

/** The invoice's spend no balance covers yet, in its credit type (never below zero). */
export function unbilledSpend(invoice: Invoice): Decimal {
  const total = sum(invoice.lines.filter((line) => countsAsUnbilled(line) && sameCreditType(line.creditType, invoice.creditType)).map((line) => line.total));
  return max(total, ZERO);
}

/**
 * What a THRESHOLD invoice bills now for this draft, or null when the threshold is not reached
 * (or disabled): the whole unbilled spend, which may be more than the threshold when one batch of
 * usage carries it past. Rounded to the credit type's precision (its lines already are).
 */
export function thresholdCharge(terms: ThresholdTerms, draft: Invoice): Decimal | null {
  if (!terms.isEnabled || !terms.thresholdAmount.gt(0)) return null;
  const spend = unbilledSpend(draft);
  return spend.gte(terms.thresholdAmount) ? roundLineTotal(spend, draft.creditType) : null;
}

/** Whether `at` falls in the draft's period: only the period in progress is billed at a threshold. */
export function inProgress(period: Window, at: Date): boolean {
  return period.startingAt <= at && at < period.endingBefore;
}
