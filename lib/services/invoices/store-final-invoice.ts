import type { LedgerEntry } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { recordAudits } from "@/lib/services/audit/record-audit";
import type { Actor } from "@/lib/services/context";
import { rollOverClosedContract } from "@/lib/services/contracts/transition-rollover";
import { lineItemRows } from "./invoice-record";
import type { OpenDraft } from "./open-draft";

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

export type FinalInvoice = { draft: OpenDraft; keys: FinalInvoiceKeys };

type AuditNote = { action: string; before?: unknown; after?: Record<string, unknown> };

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
  audit: AuditNote = { action: "invoice.finalize" },
): Promise<boolean> {
  return (await storeFinalInvoices(tx, [{ draft, keys }], at, actor, audit)).size === 1;
}

/** A contract whose terms bill nothing on dates has no schedule items to mark as billed. */
function billsScheduleItems(draft: OpenDraft): boolean {
  const { contract } = draft;
  return draft.type === "SCHEDULED" || (contract.scheduledCharges ?? []).length > 0 || (contract.commits ?? []).some((c) => c.invoiceSchedule !== undefined);
}

/**
 * Stores many drafts as finalized invoices in a few statements (the period close stores them a
 * group at a time), with the same exactly-once rule as one: the ids of those inserted; an invoice
 * whose key exists already is skipped with everything that goes with it.
 */
export async function storeFinalInvoices(
  tx: Prisma.TransactionClient,
  invoices: readonly FinalInvoice[],
  at: Date,
  actor: Actor,
  audit: AuditNote = { action: "invoice.finalize" },
): Promise<Set<string>> {
  const inserted = await tx.invoice.createManyAndReturn({
    data: invoices.map(({ draft: { invoice, customerId, billing, type }, keys }) => ({
      id: keys.id,
      customerId,
      contractId: billing.row.id,
      type,
      status: "FINALIZED" as const,
      creditTypeId: invoice.creditType.id,
      startTimestamp: invoice.startingAt,
      endTimestamp: invoice.endingBefore,
      issuedAt: invoice.endingBefore,
      finalizedAt: at,
      subtotal: toDb(invoice.subtotal),
      total: toDb(invoice.total),
      idempotencyKey: keys.idempotencyKey,
      regeneratedFromId: keys.regeneratedFromId ?? null,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  const ids = new Set(inserted.map((row) => row.id));
  const stored = invoices.filter(({ keys }) => ids.has(keys.id));
  if (stored.length === 0) return ids;

  const lines = stored.flatMap(({ draft, keys }) => lineItemRows(draft.customerId, draft.invoice.lines).map((row) => ({ ...row, invoiceId: keys.id })));
  if (lines.length) await tx.invoiceLineItem.createMany({ data: lines });
  const ledger = stored.flatMap(({ draft, keys }) =>
    draft.invoice.ledgerEntries.map((entry) => ({
      customerId: draft.customerId,
      commitId: entry.commitId,
      segmentId: entry.segmentId,
      invoiceId: keys.id,
      type: entry.type,
      amount: toDb(entry.amount),
      timestamp: entry.timestamp,
      reason: entry.reason ?? null,
      uniqueKey: ledgerKey(keys.id, entry),
    })),
  );
  if (ledger.length) await tx.ledgerEntry.createMany({ data: ledger });
  // The schedule items an invoice bills: a SCHEDULED invoice the charges and commit purchases of
  // its date, a USAGE invoice the negative scheduled charges (discounts) of its period — of the
  // contract's own scheduled charges and of the commits whose purchase this contract bills (its
  // own, and customer-level ones that name it as their invoice contract).
  for (const { draft, keys } of stored.filter(({ draft }) => billsScheduleItems(draft))) {
    const { invoice, customerId } = draft;
    const contractId = draft.billing.row.id;
    await tx.scheduleItem.updateMany({
      where: {
        customerId,
        invoiceId: null,
        ...(draft.type === "SCHEDULED" ? { timestamp: invoice.startingAt, amount: { gte: 0 } } : { timestamp: { gte: invoice.startingAt, lt: invoice.endingBefore }, amount: { lt: 0 } }),
        OR: [
          { scheduledCharge: { contractId } },
          { commit: { archivedAt: null, OR: [{ contractId }, { contractId: null, invoiceContractId: contractId }] } },
        ],
      },
      data: { invoiceId: keys.id },
    });
    // A contract with scheduled_charges_on_usage_invoices bills, on a USAGE invoice, the charges
    // and purchases dated at its end (lib/billing/scheduled-invoices.ts onUsageInvoice).
    const chargeIds = invoice.lines.flatMap((l) => (l.type === "SCHEDULED_CHARGE" && l.scheduledChargeId ? [l.scheduledChargeId] : []));
    const commitIds = invoice.lines.flatMap((l) => (l.type === "COMMIT_PURCHASE" && l.commitId ? [l.commitId] : []));
    if (draft.type === "USAGE" && chargeIds.length + commitIds.length > 0) {
      await tx.scheduleItem.updateMany({
        where: { customerId, invoiceId: null, timestamp: invoice.endingBefore, amount: { gte: 0 }, OR: [{ scheduledChargeId: { in: chargeIds } }, { commitId: { in: commitIds } }] },
        data: { invoiceId: keys.id },
      });
    }
  }
  // A contract's last period, with its draws now in the ledger: what it rolls into a contract
  // that took over from it (transition-rollover.ts).
  for (const { draft } of stored) {
    const end = draft.billing.row.endingBefore;
    if (draft.type === "USAGE" && end?.getTime() === draft.invoice.endingBefore.getTime()) await rollOverClosedContract(tx, draft.customerId, draft.billing.row.id);
  }
  // Each contract's first open period moves past the latest period stored for it.
  const periods = stored.filter(({ draft }) => draft.type === "USAGE");
  if (periods.length) {
    const contractIds = periods.map(({ draft }) => draft.billing.row.id);
    const ends = periods.map(({ draft }) => draft.invoice.endingBefore.toISOString());
    await tx.$executeRaw`
      UPDATE "contract" AS c SET "next_period_start" = v.e
      FROM (SELECT id, max(e) AS e FROM unnest(${contractIds}::uuid[], ${ends}::timestamptz[]) AS u(id, e) GROUP BY id) AS v
      WHERE c.id = v.id AND (c."next_period_start" IS NULL OR c."next_period_start" < v.e)`;
  }
  await recordAudits(
    tx,
    actor,
    stored.map(({ draft: { invoice, customerId, billing, type }, keys }) => ({
      action: audit.action,
      objectType: "invoice",
      objectId: keys.id,
      customerId,
      before: audit.before,
      after: {
        id: keys.id,
        customer_id: customerId,
        contract_id: billing.row.id,
        type,
        start_timestamp: invoice.startingAt,
        end_timestamp: invoice.endingBefore,
        credit_type_id: invoice.creditType.id,
        subtotal: invoice.subtotal,
        total: invoice.total,
        regenerated_from_invoice_id: keys.regeneratedFromId ?? null,
        ...audit.after,
      },
    })),
  );
  await tx.outboxEvent.createMany({
    data: stored.map(({ draft: { invoice, customerId, billing, type }, keys }) => ({
      type: "invoice.finalized",
      payload: {
        invoice_id: keys.id,
        customer_id: customerId,
        contract_id: billing.row.id,
        invoice_type: type,
        credit_type_id: invoice.creditType.id,
        total: invoice.total.toFixed(),
        ...(keys.regeneratedFromId ? { regenerated_from_invoice_id: keys.regeneratedFromId } : {}),
      },
    })),
  });
  return ids;
}
