import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/services/context";
import { computeOpenDrafts } from "./open-drafts";
import { scheduledIdempotencyKey } from "./scheduled-invoices";
import { storeFinalInvoice } from "./store-final-invoice";

// Issuing a contract's SCHEDULED invoices now rather than at the close job's next run: what a
// purchase made at once (an auto-recharge's commit) needs to be billed at once. The same invoices,
// keys and writes as the close (close-periods.ts), so whichever runs first stores each once.

/**
 * Finalizes, inside the caller's transaction, the contract's SCHEDULED invoices dated up to
 * `now` that nothing has billed yet; returns their ids by date (ISO), those stored by this call only.
 */
export async function issueDueScheduledInvoices(tx: Prisma.TransactionClient, customerId: string, contractId: string, now: Date, actor: Actor): Promise<Map<string, string>> {
  const drafts = await computeOpenDrafts(tx, customerId, now, { scheduled: "due" });
  const issued = new Map<string, string>();
  for (const draft of drafts.filter((d) => d.type === "SCHEDULED" && d.billing.row.id === contractId)) {
    const keys = { id: draft.id, idempotencyKey: scheduledIdempotencyKey(contractId, draft.invoice) };
    if (await storeFinalInvoice(tx, draft, keys, now, actor)) issued.set(draft.invoice.startingAt.toISOString(), draft.id);
  }
  return issued;
}
