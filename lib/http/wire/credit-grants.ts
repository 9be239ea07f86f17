import type { CreditGrantListEntriesResponse, CreditGrantListResponse, CreditLedgerEntry } from "@metronome/sdk/resources/v1/credit-grants";
import type { GrantEntry } from "@/lib/services/credit-grants/grant-ledger";
import { LEDGER_AUTHOR } from "@/lib/services/credit-grants/grant-ledger";
import type { GrantLedger } from "@/lib/services/credit-grants/list-credit-grant-entries";
import type { CreditGrantRecord } from "@/lib/services/credit-grants/list-credit-grants";
import type { OnWire } from "./sdk-shape";

// Metronome's plans-era credit grants (v1/credit-grants.ts in @metronome/sdk), read from the
// customer-level credits they are stored as.

export function grantEntryToWire(e: GrantEntry) {
  return {
    amount: e.amount,
    created_by: LEDGER_AUTHOR,
    credit_grant_id: e.grantId,
    effective_at: e.timestamp.toISOString(),
    reason: e.reason,
    running_balance: e.runningBalance,
    invoice_id: e.invoiceId,
  } satisfies OnWire<CreditLedgerEntry>;
}

export function creditGrantToWire(g: CreditGrantRecord) {
  const segment = g.grant.accessSchedule[0]!;
  return {
    id: g.grant.id,
    customer_id: g.grant.customerId,
    name: g.grant.name ?? "",
    priority: g.grant.priority ?? 0,
    effective_at: segment.startingAt.toISOString(),
    expires_at: segment.endingBefore.toISOString(),
    grant_amount: { amount: segment.amount, credit_type: g.grant.creditType },
    paid_amount: { amount: 0, credit_type: g.paidCreditType },
    balance: { effective_at: g.balance.effectiveAt.toISOString(), excluding_pending: g.balance.excludingPending, including_pending: g.balance.includingPending },
    custom_fields: g.grant.customFields,
    deductions: g.deductions.map(grantEntryToWire),
    pending_deductions: g.pendingDeductions.map(grantEntryToWire),
    credit_grant_type: g.creditGrantType,
    // Nothing is invoiced for a grant (its paid_amount is always 0).
    invoice_id: null,
    products: g.products,
    reason: g.grant.description,
    uniqueness_key: null,
  } satisfies OnWire<CreditGrantListResponse>;
}

const held = (h: GrantLedger["startingBalance"]) => ({ effective_at: h.effectiveAt.toISOString(), excluding_pending: h.excludingPending, including_pending: h.includingPending });

export function grantLedgersToWire(c: { customerId: string; ledgers: GrantLedger[] }) {
  return {
    customer_id: c.customerId,
    ledgers: c.ledgers.map((l) => ({
      credit_type: l.creditType,
      starting_balance: held(l.startingBalance),
      ending_balance: held(l.endingBalance),
      entries: l.entries.map(grantEntryToWire),
      pending_entries: l.pendingEntries.map(grantEntryToWire),
    })),
  } satisfies OnWire<CreditGrantListEntriesResponse>;
}
