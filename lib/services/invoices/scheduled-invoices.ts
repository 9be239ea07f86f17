import { explainRefusal } from "@/lib/billing/errors";
import { billingPeriodAt } from "@/lib/billing/periods";
import { computeScheduledInvoices } from "@/lib/billing/scheduled-invoices";
import type { Invoice } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { BillableContract } from "./draft-invoice";
import { draftInvoiceId, type OpenDraft } from "./open-draft";

// SCHEDULED invoices — scheduled charges and prepaid commit purchases, billed on their dates
// rather than with a period's usage. One per contract, date and credit type; the close job
// finalizes each on its date (no grace: nothing late can change it), and until then it is listed
// as a DRAFT from the start of the period it falls in, so the customer sees what is coming.

type Db = PrismaClient | Prisma.TransactionClient;

/** Exactly-once key of a SCHEDULED invoice, like close:<contract>:USAGE:<period start>. */
export function scheduledIdempotencyKey(contractId: string, invoice: Invoice): string {
  return `close:${contractId}:SCHEDULED:${invoice.startingAt.toISOString()}:${invoice.creditType.id}`;
}

export type ScheduledHorizon = "due" | "current period";

/**
 * The SCHEDULED invoices of the customer's loaded live contracts not stored yet, dated up to `now`
 * ("due": what the close job finalizes) or up to the end of each contract's current period
 * ("current period": what the invoice list shows as drafts).
 */
export async function unbilledScheduledInvoices(db: Db, customerId: string, contracts: readonly BillableContract[], now: Date, horizon: ScheduledHorizon): Promise<OpenDraft[]> {
  const drafts: OpenDraft[] = [];
  for (const billing of contracts) {
    const contractId = billing.row.id;
    const invoices: Invoice[] = explainRefusal({ prefix: `Contract ${contractId} cannot be billed` }, () => {
      const until = horizon === "due" ? new Date(now.getTime() + 1) : (billingPeriodAt(billing.contract, now)?.endingBefore ?? new Date(now.getTime() + 1));
      return computeScheduledInvoices(billing.contract, billing.pricing.index, { startingAt: billing.row.startingAt, endingBefore: until });
    });
    if (invoices.length === 0) continue;
    const stored = await db.invoice.findMany({
      where: { idempotencyKey: { in: invoices.map((invoice) => scheduledIdempotencyKey(contractId, invoice)) } },
      select: { idempotencyKey: true },
    });
    const done = new Set(stored.map((row) => row.idempotencyKey));
    for (const invoice of invoices) {
      if (done.has(scheduledIdempotencyKey(contractId, invoice))) continue;
      const id = draftInvoiceId(contractId, invoice.startingAt, `SCHEDULED:${invoice.creditType.id}`);
      drafts.push({ invoice, contract: billing.contract, customerId, pricing: billing.pricing, id, type: "SCHEDULED", billing });
    }
  }
  return drafts;
}
