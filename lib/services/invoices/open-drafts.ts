import { explainRefusal } from "@/lib/billing/errors";
import { billingPeriods } from "@/lib/billing/periods";
import type { LedgerEntry, Window } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { loadContractForBilling, prefetchTerms, priceDraftInvoice, type BillableContract, type Terms } from "./draft-invoice";
import { draftInvoiceId, type OpenDraft } from "./open-draft";
import { unbilledScheduledInvoices, type ScheduledHorizon } from "./scheduled-invoices";
import type { PricingLoaders } from "@/lib/services/billing/pricing-loaders";

// The draft invoices of a customer's open periods: for each live contract with a rate card, the
// period containing `now` and every earlier one that has no finalized (or voided) USAGE invoice
// yet. They are priced oldest first, each seeing what the drafts before it draw from shared
// balances (a contract's own earlier periods, and customer-level commits and credits that every
// contract of the customer draws on), so no balance is spent twice before a period is closed.
//
// When a period is closed: it has a USAGE invoice that is FINALIZED, or VOID. A regenerated
// period has both (the void original and its finalized successor). A period whose only invoice
// is VOID stays closed too: voiding is Metronome's "remove it from customer billing" — the
// customer owes nothing for that period and its draws on balances are given back — and only an
// explicit regenerate bills it again. (Reopening it instead would make the close job bill it
// again a minute later, so a void could never cancel anything.)

type Db = PrismaClient | Prisma.TransactionClient;

/** Periods of a contract from its first unclosed one up to the one containing `now`. */
function periodsUpTo(billing: BillableContract, firstOpen: Date, now: Date): Window[] {
  return explainRefusal({ prefix: `Contract ${billing.row.id} cannot be billed` }, () =>
    billingPeriods(billing.contract, new Date(now.getTime() + 1)).filter((p) => p.startingAt >= firstOpen),
  );
}

/**
 * A closed period priced as if it were open again, for regenerating its invoice: the invoice's
 * own draws are left out of the ledger (it is being voided) and the period is priced in its
 * place among the open ones.
 */
export type ReopenedPeriod = { contractId: string; startingAt: Date; invoiceId: string };

const OPEN_CONTRACT_SELECT = { id: true, customerId: true, startingAt: true, nextPeriodStart: true, archivedAt: true } as const;
const CLOSED_SELECT = { customerId: true, contractId: true, startTimestamp: true } as const;

type ContractListRow = Prisma.ContractGetPayload<{ select: typeof OPEN_CONTRACT_SELECT }>;
type ClosedRow = Prisma.InvoiceGetPayload<{ select: typeof CLOSED_SELECT }>;

/** What computeOpenDrafts starts from for one customer, read for many at once (the period close, the billing-state refresh). */
export type OpenDraftListing = { contracts: ContractListRow[]; closed: ClosedRow[]; terms: ReadonlyMap<string, Terms> };

/** The live contracts of these customers, their terms and their closed periods, by customer. */
export async function listOpenContracts(db: Db, customerIds: readonly string[], now: Date): Promise<Map<string, OpenDraftListing>> {
  const terms = await prefetchTerms(db, customerIds);
  const contracts = await db.contract.findMany({
    where: { customerId: { in: [...customerIds] }, rateCardId: { not: null }, startingAt: { lte: now }, archivedAt: null },
    orderBy: { id: "asc" },
    select: OPEN_CONTRACT_SELECT,
  });
  const closed = await db.invoice.findMany({
    where: { customerId: { in: [...customerIds] }, type: "USAGE", status: { in: ["FINALIZED", "VOID"] }, contractId: { in: contracts.map((c) => c.id) } },
    select: CLOSED_SELECT,
  });
  const listing = new Map<string, OpenDraftListing>(customerIds.map((id) => [id, { contracts: [], closed: [], terms }]));
  for (const c of contracts) listing.get(c.customerId)!.contracts.push(c);
  for (const i of closed) listing.get(i.customerId)!.closed.push(i);
  return listing;
}

export type OpenDraftOptions = {
  /** The customer's contracts and closed periods, when already read (listOpenContracts). */
  listing?: OpenDraftListing;
  /** A closed period to price as if it were open again (regenerate). */
  reopen?: ReopenedPeriod;
  /** Also the SCHEDULED invoices not stored yet, up to this horizon (scheduled-invoices.ts). */
  scheduled?: ScheduledHorizon;
  /** Reads batched with other customers priced at the same time (pricing-loaders.ts). */
  loaders?: PricingLoaders;
};

export async function computeOpenDrafts(db: Db, customerId: string, now: Date, { listing, reopen, scheduled, loaders }: OpenDraftOptions = {}): Promise<OpenDraft[]> {
  const contracts =
    listing?.contracts ??
    (await db.contract.findMany({
      where: {
        customerId,
        rateCardId: { not: null },
        startingAt: { lte: now },
        OR: [{ archivedAt: null }, ...(reopen ? [{ id: reopen.contractId }] : [])],
      },
      orderBy: { id: "asc" },
      select: OPEN_CONTRACT_SELECT,
    }));
  if (contracts.length === 0) return [];
  const closed =
    listing?.closed ??
    (await db.invoice.findMany({
      where: { customerId, type: "USAGE", status: { in: ["FINALIZED", "VOID"] }, contractId: { in: contracts.map((c) => c.id) } },
      select: CLOSED_SELECT,
    }));
  const key = (contractId: string | null, start: Date) => `${contractId}:${start.getTime()}`;
  const isClosed = new Set(closed.map((i) => key(i.contractId, i.startTimestamp)));
  if (reopen) isClosed.delete(key(reopen.contractId, reopen.startingAt));

  const open: { billing: BillableContract; period: Window }[] = [];
  const live: BillableContract[] = [];
  for (const c of contracts) {
    const loaded = await loadContractForBilling(db, customerId, c.id, now, loaders, listing?.terms.get(c.id));
    const billing = reopen ? { ...loaded, ledger: loaded.ledger.filter((e) => e.invoiceId !== reopen.invoiceId) } : loaded;
    if (!c.archivedAt) live.push(billing);
    // The close job moves next_period_start past every period it has closed.
    let firstOpen = c.nextPeriodStart ?? c.startingAt;
    if (reopen?.contractId === c.id && reopen.startingAt < firstOpen) firstOpen = reopen.startingAt;
    for (const period of periodsUpTo(billing, firstOpen, now)) {
      if (!isClosed.has(key(c.id, period.startingAt))) open.push({ billing, period });
    }
  }
  open.sort((a, b) => a.period.startingAt.getTime() - b.period.startingAt.getTime() || (a.billing.row.id < b.billing.row.id ? -1 : 1));

  const drafts: OpenDraft[] = [];
  const pending: LedgerEntry[] = [];
  for (const { billing, period } of open) {
    const owned = new Set([...(billing.contract.commits ?? []), ...(billing.contract.credits ?? [])].map((b) => b.id));
    const before = pending.filter((e) => owned.has(e.commitId));
    const draft = await priceDraftInvoice(db, customerId, billing, period, before, loaders);
    const id = draftInvoiceId(billing.row.id, period.startingAt);
    pending.push(...draft.invoice.ledgerEntries.map((entry) => ({ ...entry, invoiceId: id })));
    drafts.push({ ...draft, id, type: "USAGE", billing, pending: before });
  }
  return scheduled ? [...drafts, ...(await unbilledScheduledInvoices(db, customerId, live, now, scheduled))] : drafts;
}
