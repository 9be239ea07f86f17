import type { Commit, Credit } from "@metronome/sdk/resources/shared";
import type { BalanceRecord, LedgerLine } from "@/lib/services/balances/balance-record";
import type { OnWire } from "./sdk-shape";

// Commits and credits in Metronome's wire shapes (Commit and Credit in @metronome/sdk shared.ts),
// with ledger entries named as Metronome names them for each kind of balance.

type CommitEntry = OnWire<NonNullable<Commit["ledger"]>[number]>;
type CreditEntry = OnWire<NonNullable<Credit["ledger"]>[number]>;

const when = (line: LedgerLine) => ({ amount: line.amount, timestamp: line.timestamp.toISOString() });
const onSegment = (line: LedgerLine) => ({ ...when(line), segment_id: line.segmentId });
// Automated entries always name the invoice (finalized, or the live draft) that made them.
const fromInvoice = (line: LedgerLine) => ({ invoice_id: line.invoiceId!, ...(line.contractId ? { contract_id: line.contractId } : {}) });
// A rollover creates the renewal's commit in the same change, so its contract is always known.
const rolledTo = (line: LedgerLine) => ({ ...onSegment(line), new_contract_id: line.newContractId ?? "" });

// Only postpaid commits are trued up; elsewhere a TRUEUP would be an invoice's deduction like any other.
function prepaidEntry(line: LedgerLine): CommitEntry {
  switch (line.type) {
    case "SEGMENT_START":
      return { ...onSegment(line), type: "PREPAID_COMMIT_SEGMENT_START" };
    case "INVOICE_DEDUCTION":
    case "TRUEUP":
      return { ...onSegment(line), ...fromInvoice(line), type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION" };
    case "MANUAL":
      return { ...when(line), reason: line.reason ?? "", type: "PREPAID_COMMIT_MANUAL" };
    case "ROLLOVER":
      return { ...rolledTo(line), type: "PREPAID_COMMIT_ROLLOVER" };
    case "EXPIRATION":
      return { ...onSegment(line), type: "PREPAID_COMMIT_EXPIRATION" };
  }
}

function postpaidEntry(line: LedgerLine): CommitEntry {
  switch (line.type) {
    case "SEGMENT_START":
      return { ...when(line), type: "POSTPAID_COMMIT_INITIAL_BALANCE" };
    case "INVOICE_DEDUCTION":
      return { ...onSegment(line), ...fromInvoice(line), type: "POSTPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION" };
    case "TRUEUP":
      return { ...when(line), ...fromInvoice(line), type: "POSTPAID_COMMIT_TRUEUP" };
    case "MANUAL":
      return { ...when(line), reason: line.reason ?? "", type: "POSTPAID_COMMIT_MANUAL" };
    case "ROLLOVER":
      return { ...rolledTo(line), type: "POSTPAID_COMMIT_ROLLOVER" };
    case "EXPIRATION":
      return { ...when(line), type: "POSTPAID_COMMIT_EXPIRATION" };
  }
}

function creditEntry(line: LedgerLine): CreditEntry {
  switch (line.type) {
    case "SEGMENT_START":
      return { ...onSegment(line), type: "CREDIT_SEGMENT_START" };
    case "INVOICE_DEDUCTION":
    case "TRUEUP":
      return { ...onSegment(line), ...fromInvoice(line), type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION" };
    case "MANUAL":
      return { ...when(line), reason: line.reason ?? "", type: "CREDIT_MANUAL" };
    case "ROLLOVER":
      return { ...rolledTo(line), type: "CREDIT_ROLLOVER" };
    case "EXPIRATION":
      return { ...onSegment(line), type: "CREDIT_EXPIRATION" };
  }
}

function shared(b: BalanceRecord) {
  return {
    id: b.id,
    product: { id: b.product.id, name: b.product.name },
    access_schedule: {
      credit_type: b.creditType,
      schedule_items: b.accessSchedule.map((s) => ({ id: s.id, amount: s.amount, starting_at: s.startingAt.toISOString(), ending_before: s.endingBefore.toISOString() })),
    },
    applicable_product_ids: b.applicableProductIds,
    applicable_product_tags: b.applicableProductTags,
    ...(b.specifiers ? { specifiers: b.specifiers } : {}),
    custom_fields: b.customFields,
    ...(b.contractId ? { contract: { id: b.contractId } } : {}),
    ...(b.name !== null ? { name: b.name } : {}),
    ...(b.description !== null ? { description: b.description } : {}),
    ...(b.priority !== null ? { priority: b.priority } : {}),
    ...(b.archivedAt ? { archived_at: b.archivedAt.toISOString() } : {}),
    ...(b.balance !== undefined ? { balance: b.balance } : {}),
  };
}

export function commitToWire(b: BalanceRecord) {
  return {
    ...shared(b),
    type: b.type!,
    ...(b.ledger ? { ledger: b.ledger.map(b.type === "POSTPAID" ? postpaidEntry : prepaidEntry) } : {}),
    created_at: b.createdAt.toISOString(),
    ...(b.invoiceSchedule.length
      ? {
          invoice_schedule: {
            credit_type: b.creditType,
            schedule_items: b.invoiceSchedule.map((i) => ({
              id: i.id,
              timestamp: i.timestamp.toISOString(),
              amount: i.amount,
              quantity: i.quantity,
              unit_price: i.unitPrice,
              invoice_id: i.invoiceId,
            })),
          },
        }
      : {}),
    ...(b.rolloverFraction !== null ? { rollover_fraction: b.rolloverFraction } : {}),
    ...(b.rolledOverFrom ? { rolled_over_from: { commit_id: b.rolledOverFrom.commitId, contract_id: b.rolledOverFrom.contractId } } : {}),
    ...(b.recurringId ? { recurring_commit_id: b.recurringId } : {}),
  } satisfies OnWire<Commit>;
}

export function creditToWire(b: BalanceRecord) {
  return {
    ...shared(b),
    type: "CREDIT" as const,
    ...(b.ledger ? { ledger: b.ledger.map(creditEntry) } : {}),
    ...(b.rolledOverFrom ? { rolled_over_from: { credit_id: b.rolledOverFrom.commitId, contract_id: b.rolledOverFrom.contractId } } : {}),
    ...(b.recurringId ? { recurring_credit_id: b.recurringId } : {}),
  } satisfies OnWire<Credit>;
}

export function balanceToWire(b: BalanceRecord) {
  return b.kind === "CREDIT" ? creditToWire(b) : commitToWire(b);
}
