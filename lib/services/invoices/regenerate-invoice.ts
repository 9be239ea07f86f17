import { randomUUID } from "node:crypto";
import { diffInvoices } from "@/lib/billing/diff";
import { AppError } from "@/lib/errors";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { engineInvoice, INVOICE_SELECT, storedRecords } from "./invoice-record";
import { computeOpenDrafts } from "./open-drafts";
import { ZInvoiceId, type TInvoiceId } from "./schemas";
import { storeFinalInvoice } from "./store-final-invoice";
import { findStoredInvoice, voidStoredInvoice } from "./void-invoice";

// POST /v1/invoices/regenerate: the invoice's period priced again from current usage (late events
// included), rates and balances, stored as a new FINALIZED invoice that names the old one
// (regenerated_from_invoice_id); the old one is voided in the same transaction. It takes a
// FINALIZED invoice, or a VOID one that has not been regenerated yet (Metronome regenerates voided
// invoices). The audit entry records what changed, line by line.
//
// The new invoice is priced as the period's draft would be if it were open: after the open
// periods before it, with the old invoice's own draws left out (open-drafts.ts ReopenedPeriod).

export async function regenerateInvoice(ctx: ServiceContext, input: TInvoiceId, now = new Date()): Promise<{ id: string }> {
  authorize(ctx.actor, "invoices:write");
  const { id } = parseInput(ZInvoiceId, input);
  const old = await findStoredInvoice(ctx.db, id, "regenerated");
  if (old.type !== "USAGE" || !old.contractId) throw new AppError("unprocessable", `Invoice ${id} is not a contract's usage invoice, so it has no period to price again.`);
  const successor = await ctx.db.invoice.findUnique({ where: { regeneratedFromId: id }, select: { id: true } });
  if (successor) throw new AppError("conflict", `Invoice ${id} was already regenerated as ${successor.id}.`);

  const contractId = old.contractId;
  const drafts = await computeOpenDrafts(ctx.db, old.customerId, now, { reopen: { contractId, startingAt: old.startTimestamp, invoiceId: id } });
  const draft = drafts.find((d) => d.billing.row.id === contractId && d.invoice.startingAt.getTime() === old.startTimestamp.getTime());
  if (!draft) throw new AppError("unprocessable", `The contract no longer has the billing period of invoice ${id}, so it cannot be priced again.`);

  const [before] = await storedRecords(ctx.db, [await ctx.db.invoice.findUniqueOrThrow({ where: { id }, select: INVOICE_SELECT })], now);
  const diff = diffInvoices(engineInvoice(before!), draft.invoice);
  const newId = randomUUID();

  await ctx.db.$transaction(
    async (tx) => {
      await voidStoredInvoice(tx, old, ctx.actor, now);
      const stored = await storeFinalInvoice(tx, draft, { id: newId, idempotencyKey: `regenerate:${id}`, regeneratedFromId: id }, now, ctx.actor, {
        action: "invoice.regenerate",
        before: { id, total: old.total },
        after: {
          diff: {
            total_before: diff.totalBefore,
            total_after: diff.totalAfter,
            total_delta: diff.totalDelta,
            lines: diff.lines.map((l) => ({
              change: l.change,
              type: (l.after ?? l.before)!.type,
              name: (l.after ?? l.before)!.name,
              key: l.key,
              total_before: l.before?.total ?? null,
              total_after: l.after?.total ?? null,
              total_delta: l.totalDelta,
              quantity_delta: l.quantityDelta,
            })),
          },
        },
      });
      // Another request regenerated it first; rolling back undoes this void too.
      if (!stored) throw new AppError("conflict", `Invoice ${id} was already regenerated.`);
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
  return { id: newId };
}
