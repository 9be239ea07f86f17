import type { LedgerEntry } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { recordAudit } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import { lineItemRows } from "./invoice-record";
import type { OpenDraft } from "./open-drafts";

// Storing a draft as a FINALIZED invoice, with everything that makes it count: its lines, its
// draws on balances (the ledger takes over from the draft), the schedule items it bills, the
// contract's first open period, the audit entry and the outbox event. The caller runs it in one
// transaction, so an invoice exists with all of that or not at all.

export type FinalInvoiceKeys = {
  /** The invoice's id: a closed period keeps its draft's id; a regenerated one gets a new id. */
  id: string;
  /** Unique: a second store with the same key changes nothing. */
  idempotencyKey: string;
  regeneratedFromId?: string;
};

/** The ledger's exactly-once key of an entry an invoice writes (one entry per segment and type). */
export function ledgerKey(invoiceId: string, entry: LedgerEntry): string {
  return `${entry.type === "TRUEUP" ? "trueup" : "deduction"}:${invoiceId}:${entry.segmentId}`;
}

/**
 * Stores `draft` as a finalized invoice. Returns false, having written nothing, when an invoice
 * with the same idempotency key (or regenerating the same invoice) already exists: INSERT … ON
 * CONFLICT DO NOTHING, so a concurrent store waits for the first and then does nothing.
 */
export async function storeFinalInvoice(
  tx: Prisma.TransactionClient,
  draft: OpenDraft,
  keys: FinalInvoiceKeys,
  at: Date,
  actor: Actor,
  audit: { action: string; before?: unknown; after?: Record<string, unknown> } = { action: "invoice.finalize" },
): Promise<boolean> {
  const { invoice, customerId } = draft;
  const contractId = draft.billing.row.id;
  const inserted = await tx.invoice.createManyAndReturn({
    data: [
      {
        id: keys.id,
        customerId,
        contractId,
        type: draft.type,
        status: "FINALIZED",
        creditTypeId: invoice.creditType.id,
        startTimestamp: invoice.startingAt,
        endTimestamp: invoice.endingBefore,
        issuedAt: invoice.endingBefore,
        finalizedAt: at,
        subtotal: toDb(invoice.subtotal),
        total: toDb(invoice.total),
        idempotencyKey: keys.idempotencyKey,
        regeneratedFromId: keys.regeneratedFromId ?? null,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (inserted.length === 0) return false;

  await tx.invoiceLineItem.createMany({ data: lineItemRows(customerId, invoice.lines).map((row) => ({ ...row, invoiceId: keys.id })) });
  await tx.ledgerEntry.createMany({
    data: invoice.ledgerEntries.map((entry) => ({
      customerId,
      commitId: entry.commitId,
      segmentId: entry.segmentId,
      invoiceId: keys.id,
      type: entry.type,
      amount: toDb(entry.amount),
      timestamp: entry.timestamp,
      reason: entry.reason ?? null,
      uniqueKey: ledgerKey(keys.id, entry),
    })),
  });
  // The schedule items the invoice bills: a SCHEDULED invoice the charges and commit purchases
  // of its date, a USAGE invoice the negative scheduled charges (discounts) of its period — of
  // the contract's own scheduled charges and of the commits whose purchase this contract bills
  // (its own, and customer-level ones that name it as their invoice contract).
  const scheduled = draft.type === "SCHEDULED";
  await tx.scheduleItem.updateMany({
    where: {
      customerId,
      invoiceId: null,
      ...(scheduled ? { timestamp: invoice.startingAt, amount: { gte: 0 } } : { timestamp: { gte: invoice.startingAt, lt: invoice.endingBefore }, amount: { lt: 0 } }),
      OR: [
        { scheduledCharge: { contractId } },
        { commit: { archivedAt: null, OR: [{ contractId }, { contractId: null, invoiceContractId: contractId }] } },
      ],
    },
    data: { invoiceId: keys.id },
  });
  if (!scheduled) {
    await tx.contract.updateMany({
      where: { id: contractId, OR: [{ nextPeriodStart: null }, { nextPeriodStart: { lt: invoice.endingBefore } }] },
      data: { nextPeriodStart: invoice.endingBefore },
    });
  }
  const summary = {
    id: keys.id,
    customer_id: customerId,
    contract_id: contractId,
    type: draft.type,
    start_timestamp: invoice.startingAt,
    end_timestamp: invoice.endingBefore,
    credit_type_id: invoice.creditType.id,
    subtotal: invoice.subtotal,
    total: invoice.total,
    regenerated_from_invoice_id: keys.regeneratedFromId ?? null,
  };
  await recordAudit(tx, actor, { action: audit.action, objectType: "invoice", objectId: keys.id, customerId, before: audit.before, after: { ...summary, ...audit.after } });
  await tx.outboxEvent.create({
    data: {
      type: "invoice.finalized",
      payload: {
        invoice_id: keys.id,
        customer_id: customerId,
        contract_id: contractId,
        invoice_type: draft.type,
        credit_type_id: invoice.creditType.id,
        total: invoice.total.toFixed(),
        ...(keys.regeneratedFromId ? { regenerated_from_invoice_id: keys.regeneratedFromId } : {}),
      },
    },
  });
  return true;
}
