import { ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import { billingPeriodAt, type BillingCycleTerms } from "./periods";
import { productOf, type RateCardIndex } from "./rate-schedule";
import type { Invoice, LineItem, LineOrigin, Product, Window } from "./types";

// Account hierarchies (Metronome's hierarchy_configuration), parent pays: a child contract of
// another customer whose payer is PARENT and whose statements CONSOLIDATE into the parent's. Its
// usage is priced on its own contract (its own rate card and overrides), and its charges are
// concatenated onto the parent's invoice of the same period (invoice.ts `children`), where the
// parent's commits and credits draw them down with the parent's own charges and the parent pays
// what is left. The child's own invoice then has nothing on it to pay (paidByParent).
//
// Worked example (hierarchy.test.ts): the parent holds a $100 prepaid commit; the child uses
// 1,200 calls at 10¢ ($120) and the parent 300 calls at 10¢ ($30). The parent's invoice lists its
// $30, the child's $120 (origin: the child), and applies $100 of the commit: it owes $50. The
// child's invoice is $0.

/** A child contract's charges of one period, as its parent's invoice consolidates them. */
export interface ChildStatement {
  origin: LineOrigin;
  /** The child's charge lines (priced on its contract), each with the product it bills. */
  charges: readonly { line: LineItem; product: Product }[];
}

/** The most periods of a child checked against its parent's cycle (an open-ended child repeats its first ones). */
const PERIODS_CHECKED = 36;

/**
 * A child's periods must each fall within one period of its parent and end where it ends (or
 * where the child does), so that each of the parent's invoices consolidates exactly one
 * statement of the child; and the child must lie within the parent's dates.
 */
export function validateChild(parent: BillingCycleTerms, child: BillingCycleTerms): void {
  if (child.startingAt < parent.startingAt) throw new BillingInputError("the child contract starts before its parent does", { starting_at: "Before the parent's starting_at" });
  if (parent.endingBefore !== undefined && (child.endingBefore === undefined || child.endingBefore > parent.endingBefore)) {
    throw new BillingInputError("the child contract must end when its parent does or before (its usage is billed on the parent's invoices)", { ending_before: "After the parent's ending_before" });
  }
  let period = billingPeriodAt(child, child.startingAt);
  for (let checked = 0; period !== undefined && checked < PERIODS_CHECKED; checked++, period = billingPeriodAt(child, period.endingBefore)) {
    const parentPeriod = billingPeriodAt(parent, period.startingAt)!;
    const endsTogether = period.endingBefore.getTime() === parentPeriod.endingBefore.getTime() || period.endingBefore.getTime() === child.endingBefore?.getTime();
    if (period.endingBefore > parentPeriod.endingBefore || !endsTogether) {
      throw new BillingInputError(
        `the child's billing period ${period.startingAt.toISOString()} to ${period.endingBefore.toISOString()} does not end with its parent's (${parentPeriod.startingAt.toISOString()} to ${parentPeriod.endingBefore.toISOString()}); give it the parent's usage_statement_schedule`,
        { usage_statement_schedule: "Not aligned with the parent's billing periods" },
      );
    }
  }
}

/** The child's period consolidated into the parent's `parentPeriod`, if the child has one in it. */
export function childPeriodIn(child: BillingCycleTerms, parentPeriod: Window): Window | undefined {
  const last = new Date(parentPeriod.endingBefore.getTime() - 1);
  const period = billingPeriodAt(child, last) ?? (child.endingBefore ? billingPeriodAt(child, new Date(child.endingBefore.getTime() - 1)) : undefined);
  if (period === undefined || period.startingAt < parentPeriod.startingAt || period.endingBefore > parentPeriod.endingBefore) return undefined;
  return period;
}

/** Lines a child's invoice may carry when its parent pays: charges (and conversions the parent makes again). */
const CONSOLIDATED_TYPES = new Set<LineItem["type"]>(["USAGE", "SUBSCRIPTION"]);

/** What a child's invoice of a period (priced on its own contract) puts on its parent's invoice. */
export function childStatement(origin: LineOrigin, invoice: Invoice, index: RateCardIndex): ChildStatement {
  const charges: ChildStatement["charges"][number][] = [];
  for (const line of invoice.lines) {
    if (line.type === "CPU_CONVERSION") continue;
    if (!CONSOLIDATED_TYPES.has(line.type) || line.productId === undefined) {
      throw new BillingInputError(`child contract ${origin.contractId}: its ${line.type} line "${line.name}" cannot be consolidated onto its parent's invoice`);
    }
    charges.push({ line: { ...line, origin }, product: productOf(index, line.productId) });
  }
  return { origin, charges };
}

/** A child's own invoice when its parent pays: its charges are on the parent's, so it has no lines and owes nothing. */
export function paidByParent(invoice: Invoice): Invoice {
  return { ...invoice, lines: [], subtotal: ZERO, total: ZERO, ledgerEntries: [] };
}
