import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { driverPool } from "@/lib/db/connection";
import { appErrorOf } from "@/lib/errors";
import { systemActor } from "@/lib/services/context";
import { checkTransitionRollover } from "@/lib/services/contracts/transition-rollover";
import type { OpenDraft } from "./open-draft";
import { computeOpenDrafts, listOpenContracts, type OpenDraftListing } from "./open-drafts";
import { scheduledIdempotencyKey } from "./scheduled-invoices";
import { storeFinalInvoices, type FinalInvoice } from "./store-final-invoice";

// Period close: every period that ended at least the grace period before `at` and has no USAGE
// invoice yet is finalized, exactly as its draft reads at `at`.
//
// Exactly once, crash-safe. Invoices are stored a group at a time, each group in one transaction
// (store-final-invoice.ts), each invoice under its idempotency key
// (close:<contract>:USAGE:<period start>), so a crash loses at most the group being written, and
// a second close (or a concurrent one) writes nothing. A customer's drafts are priced oldest
// first, each seeing the earlier drafts' draws, and stored in that order, never split between
// groups: once an earlier one is stored its draws are in the ledger, so repricing after a crash
// gives the later ones exactly what they were going to be.
//
// The rule depends on the instants only (no clock): a period is closable when
// period.endingBefore + grace ≤ at. SCHEDULED invoices (scheduled charges, commit purchases)
// are finalized on their date, without grace: no late event can change them.

export const CLOSE_ACTOR = systemActor("period close");

const HOUR = 3_600_000;
/** Readers pricing a batch at once on PostgreSQL (each holds a connection for its snapshot). */
const CLOSE_CONCURRENCY = 6;

type Db = PrismaClient | Prisma.TransactionClient;
const PREFETCH_BATCH = 250;
/** Invoices stored per transaction (whole customers: a group may run over). */
const STORE_GROUP = 25;

export type CloseResult = {
  /** Invoices finalized by this run. */
  finalized: number;
  /** Customers whose periods could not be priced (the rest were closed). */
  failures: { customerId: string; message: string }[];
};

export type CloseOptions = {
  /** Called after each stored invoice (the scheduler renews its lease there); throwing stops the run. */
  afterInvoice?: () => Promise<void>;
};

export const closeIdempotencyKey = (contractId: string, periodStart: Date) => `close:${contractId}:USAGE:${periodStart.toISOString()}`;

export function isClosable(periodEnd: Date, at: Date, graceHours: number): boolean {
  return periodEnd.getTime() + graceHours * HOUR <= at.getTime();
}

export async function closePeriods(db: PrismaClient, at: Date, graceHours: number, options: CloseOptions = {}): Promise<CloseResult> {
  const cutoff = new Date(at.getTime() - graceHours * HOUR);
  // A contract's first open period starts at next_period_start, so it can only have ended by the
  // cutoff if it started before it.
  const due = await db.contract.findMany({
    where: {
      archivedAt: null,
      rateCardId: { not: null },
      startingAt: { lt: cutoff },
      OR: [{ nextPeriodStart: null }, { nextPeriodStart: { lt: cutoff } }],
    },
    distinct: ["customerId"],
    select: { customerId: true },
  });
  // Charges and commit purchases dated by now that no invoice has billed yet.
  const scheduledDue = await db.scheduleItem.findMany({
    where: { invoiceId: null, timestamp: { lte: at }, amount: { gte: 0 }, OR: [{ scheduledChargeId: { not: null } }, { commit: { archivedAt: null } }] },
    distinct: ["customerId"],
    select: { customerId: true },
  });
  const customerIds = [...new Set([...due, ...scheduledDue].map((row) => row.customerId))].sort();
  const withScheduled = new Set(scheduledDue.map((row) => row.customerId));

  const result: CloseResult = { finalized: 0, failures: [] };
  // Priced invoices waiting to be stored, a customer's in order and never split between groups:
  // a group is one transaction, so a customer's later invoice is never stored before an earlier one.
  const pending: FinalInvoice[] = [];
  const store = async (all: boolean) => {
    while (pending.length >= STORE_GROUP || (all && pending.length > 0)) {
      let size = Math.min(STORE_GROUP, pending.length);
      while (size < pending.length && pending[size]!.draft.customerId === pending[size - 1]!.draft.customerId) size += 1;
      const group = pending.splice(0, size);
      const stored = await db.$transaction((tx) => storeFinalInvoices(tx, group, at, CLOSE_ACTOR), { maxWait: 60_000, timeout: 120_000 });
      for (let i = 0; i < stored.size; i++) {
        result.finalized += 1;
        await options.afterInvoice?.();
      }
    }
  };
  const closeCustomer = async (reader: Db, customerId: string, listing: OpenDraftListing | undefined) => {
    let drafts: OpenDraft[];
    try {
      const open = await computeOpenDrafts(reader, customerId, at, { listing, scheduled: withScheduled.has(customerId) ? "due" : undefined });
      // A contract that took over from another closes nothing until that one's last period is
      // stored, with the rollover it sets off (transition-rollover.ts): until then its drafts do
      // not have the balances rolled into it.
      const unclosed = new Set(open.filter((draft) => draft.type === "USAGE").map((draft) => draft.billing.row.id));
      const waiting = (draft: OpenDraft) => draft.billing.row.transitionFromId !== null && unclosed.has(draft.billing.row.transitionFromId);
      drafts = open.filter((draft) => !waiting(draft) && (draft.type === "SCHEDULED" || isClosable(draft.invoice.endingBefore, at, graceHours)));
      drafts.forEach(checkTransitionRollover);
    } catch (error) {
      // A contract that cannot be priced (a bad edit) must not hold up every other customer.
      const refusal = appErrorOf(error);
      if (!refusal) throw error;
      result.failures.push({ customerId, message: refusal.message });
      return;
    }
    pending.push(
      ...drafts.map((draft) => {
        const contractId = draft.billing.row.id;
        const idempotencyKey = draft.type === "SCHEDULED" ? scheduledIdempotencyKey(contractId, draft.invoice) : closeIdempotencyKey(contractId, draft.invoice.startingAt);
        return { draft, keys: { id: draft.id, idempotencyKey } };
      }),
    );
    await store(false);
  };
  // Customers are independent (each one's balances are its own). Each batch's contracts, closed
  // periods and contract terms are read in a few queries first, rather than a dozen per customer. On PostgreSQL a batch is priced
  // by several readers at once, each in one REPEATABLE READ snapshot for all its customers (the
  // usage reads need one; periods past their grace no longer change) while groups are stored on
  // other connections; the embedded database has one connection, so there customers go one by one.
  for (let start = 0; start < customerIds.length; start += PREFETCH_BATCH) {
    const batch = customerIds.slice(start, start + PREFETCH_BATCH);
    const listings = await listOpenContracts(db, batch, at);
    if (driverPool(db)) {
      const share = Math.ceil(batch.length / CLOSE_CONCURRENCY);
      const readers = Array.from({ length: CLOSE_CONCURRENCY }, (_, i) => batch.slice(i * share, (i + 1) * share)).filter((part) => part.length > 0);
      await Promise.all(
        readers.map((part) =>
          db.$transaction(
            async (tx) => {
              for (const customerId of part) await closeCustomer(tx, customerId, listings.get(customerId));
            },
            { isolationLevel: "RepeatableRead", maxWait: 60_000, timeout: 600_000 },
          ),
        ),
      );
    } else {
      for (const customerId of batch) await closeCustomer(db, customerId, listings.get(customerId));
    }
    await store(true);
  }
  return result;
}
