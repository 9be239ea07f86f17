import { balanceSegments, segmentRemaining } from "./balances";
import type { Commit, Contract, Credit } from "./contract-terms";
import { sum } from "./decimal";
import { BillingInputError } from "./errors";
import { roundLineTotal, USD_CENTS } from "./money";
import type { CreditType, LedgerEntry, Window } from "./types";

/**
 * Rollover into a renewal: a commit or credit with a `rolloverFraction` carries that fraction
 * of what its segments still hold when the contract ends into one new segment on the renewal.
 * The rest expires. Postpaid commits do not roll over; they are trued up.
 */

export interface Rollover {
  /** ROLLOVER deductions on the ending contract's segments. */
  ledgerEntries: LedgerEntry[];
  /** New prepaid commits and credits for the renewal, already paid for. */
  commits: Commit[];
  credits: Credit[];
}

export function planRollover(
  contract: Contract,
  ledger: readonly LedgerEntry[],
  renewal: Window & { contractId: string },
  fiat: CreditType = USD_CENTS,
): Rollover {
  const end = contract.endingBefore;
  if (end === undefined) throw new BillingInputError(`contract ${contract.id} has no end to roll over from`);
  const rollover: Rollover = { ledgerEntries: [], commits: [], credits: [] };
  const rolledByOwner = new Map<Commit | Credit, LedgerEntry[]>();
  for (const segment of balanceSegments(contract, ledger, fiat)) {
    const fraction = segment.owner.rolloverFraction;
    const heldAtEnd = segment.item.startingAt < end && segment.item.endingBefore >= end;
    if (segment.kind === "POSTPAID" || fraction === undefined || !heldAtEnd) continue;
    const amount = roundLineTotal(fraction.times(segmentRemaining(segment)), segment.creditType);
    if (amount.isZero()) continue;
    const entry: LedgerEntry = {
      commitId: segment.owner.id,
      segmentId: segment.item.id,
      type: "ROLLOVER",
      amount: amount.negated(),
      timestamp: end,
      reason: `rolled over to contract ${renewal.contractId}`,
    };
    rollover.ledgerEntries.push(entry);
    rolledByOwner.set(segment.owner, [...(rolledByOwner.get(segment.owner) ?? []), entry]);
  }
  for (const [owner, entries] of rolledByOwner) {
    const id = `${owner.id}/rollover/${renewal.contractId}`;
    const accessSchedule = {
      ...owner.accessSchedule,
      scheduleItems: [
        {
          id,
          amount: sum(entries.map((entry) => entry.amount.negated())),
          startingAt: renewal.startingAt,
          endingBefore: renewal.endingBefore,
        },
      ],
    };
    const common = {
      id,
      productId: owner.productId,
      accessSchedule,
      ...(owner.name === undefined ? {} : { name: owner.name }),
      ...(owner.priority === undefined ? {} : { priority: owner.priority }),
      ...(owner.applicableProductIds === undefined ? {} : { applicableProductIds: owner.applicableProductIds }),
      ...(owner.applicableProductTags === undefined ? {} : { applicableProductTags: owner.applicableProductTags }),
      ...(owner.specifiers === undefined ? {} : { specifiers: owner.specifiers }),
    };
    if ("type" in owner) {
      rollover.commits.push({ ...common, type: "PREPAID", rolledOverFrom: { commitId: owner.id, contractId: contract.id } });
    } else {
      rollover.credits.push(common);
    }
  }
  return rollover;
}
