import type { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { authorize, type Actor, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZInvoiceId, type TInvoiceId } from "./schemas";
import { releaseThresholdCommit } from "./threshold-invoices";

// POST /v1/invoices/void: a FINALIZED invoice becomes VOID — the customer owes nothing for it.
//
// Its draws on commits and credits are deleted from the ledger rather than offset by reversing
// entries: the ledger holds what the invoices that stand draw, so balances, ledger listings and
// rollovers need no notion of a reversal pair (and the engine has no reversal entry type). What
// was deleted is kept in the audit entry's `before`. The schedule items it billed are released
// (invoice_id cleared), so regenerating the period bills them again.
//
// The period stays closed (see open-drafts.ts): only POST /v1/invoices/regenerate bills it again.

export const STORED_INVOICE_SELECT = {
  id: true,
  customerId: true,
  contractId: true,
  type: true,
  status: true,
  startTimestamp: true,
  endTimestamp: true,
  total: true,
  creditTypeId: true,
  voidedAt: true,
} as const satisfies Prisma.InvoiceSelect;

export type StoredInvoice = Prisma.InvoiceGetPayload<{ select: typeof STORED_INVOICE_SELECT }>;

/** The stored invoice with that id, or a 4xx that says why there is none (drafts are never stored). */
export async function findStoredInvoice(db: Prisma.TransactionClient, id: string, verb: string): Promise<StoredInvoice> {
  const row = await db.invoice.findUnique({ where: { id }, select: STORED_INVOICE_SELECT });
  if (row) return row;
  // Draft ids are UUIDs of version 8 (open-drafts.ts draftInvoiceId); stored ones of other periods
  // keep that id once closed, so an unstored version-8 id is a draft of a period still open.
  if (id[14] === "8") {
    throw new AppError(
      "unprocessable",
      `Invoice ${id} is a draft of a period that is still open. Drafts are not stored, so they cannot be ${verb}; it is finalized when its period closes.`,
    );
  }
  throw new AppError("not_found", "No invoice has that id.");
}

/** Voids a FINALIZED invoice inside the caller's transaction; false when it was already VOID. */
export async function voidStoredInvoice(tx: Prisma.TransactionClient, invoice: StoredInvoice, actor: Actor, now: Date): Promise<boolean> {
  if (invoice.status === "VOID") return false;
  if (invoice.status !== "FINALIZED") throw new AppError("unprocessable", `Only a FINALIZED invoice can be voided; ${invoice.id} is ${invoice.status}.`);
  const { count } = await tx.invoice.updateMany({ where: { id: invoice.id, status: "FINALIZED" }, data: { status: "VOID", voidedAt: now } });
  if (count === 0) throw new AppError("conflict", `Invoice ${invoice.id} changed while it was being voided; try again.`);

  const entries = await tx.ledgerEntry.findMany({
    where: { invoiceId: invoice.id },
    orderBy: { timestamp: "asc" },
    select: { id: true, commitId: true, segmentId: true, type: true, amount: true, timestamp: true, uniqueKey: true },
  });
  await tx.ledgerEntry.deleteMany({ where: { invoiceId: invoice.id } });
  const released = await tx.scheduleItem.findMany({ where: { invoiceId: invoice.id }, select: { id: true } });
  await tx.scheduleItem.updateMany({ where: { invoiceId: invoice.id }, data: { invoiceId: null } });
  if (invoice.type === "THRESHOLD") await releaseThresholdCommit(tx, invoice.id, now);

  await recordAudit(tx, actor, {
    action: "invoice.void",
    objectType: "invoice",
    objectId: invoice.id,
    customerId: invoice.customerId,
    before: {
      status: "FINALIZED",
      ledger_entries: entries.map((e) => ({ ...e, amount: fromDb(e.amount) })),
      schedule_item_ids: released.map((i) => i.id),
    },
    after: { status: "VOID", voided_at: now },
  });
  await tx.outboxEvent.create({
    data: {
      type: "invoice.voided",
      payload: {
        invoice_id: invoice.id,
        customer_id: invoice.customerId,
        contract_id: invoice.contractId,
        credit_type_id: invoice.creditTypeId,
        total: fromDb(invoice.total).toFixed(),
      },
    },
  });
  return true;
}

export async function voidInvoice(ctx: ServiceContext, input: TInvoiceId, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "invoices:write");
  const { id } = parseInput(ZInvoiceId, input);
  return ctx.db.$transaction(async (tx) => {
    const invoice = await findStoredInvoice(tx, id, "voided");
    // Voiding twice is a no-op, so a retried request gets the same answer.
    await voidStoredInvoice(tx, invoice, ctx.actor, now);
    return { id: invoice.id };
  });
}
