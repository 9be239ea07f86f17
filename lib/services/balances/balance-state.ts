import { balanceSegments, computeBalances, type Balance, type BalanceSegment } from "@/lib/billing/balances";
import type { Contract } from "@/lib/billing/contract-terms";
import type { LedgerEntry } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { readLedger, toEngineContract, type CommitRow, type ContractRow } from "@/lib/services/contracts/contract-record";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { loadAll, type PricingLoaders } from "@/lib/services/billing/pricing-loaders";

// What a customer's commits and credits hold at an instant. As in Metronome, a balance counts
// what the live draft invoices would draw (usage so far) besides the finalized ledger, and every
// manual entry on a segment, even a future-dated one (the draft invoices already can't draw it).

type Db = PrismaClient | Prisma.TransactionClient;

/** A ledger entry as the balances count it; draft deductions name their draft and its contract. */
export type CountedEntry = LedgerEntry & { contractId?: string; pending: boolean };

export type BalanceState = {
  /** By commit id. */
  balances: Map<string, Balance>;
  /** By commit id, oldest first: the stored ledger and the open drafts' draws. */
  entries: Map<string, CountedEntry[]>;
  /** Segments with every counted entry, by segment id (segmentRemaining gives what is left). */
  segments: Map<string, BalanceSegment>;
};

/**
 * computeBalances reads nothing of a contract but its commits and credits, so the balances of
 * a customer — on any contract or none — are put on one stand-in contract and computed together.
 */
function balanceHolder(customerId: string, rows: readonly CommitRow[], creditTypes: Awaited<ReturnType<typeof readCreditTypes>>): Contract {
  const epoch = new Date(0);
  const stand: ContractRow = {
    id: customerId,
    customerId,
    rateCardId: null,
    name: null,
    startingAt: epoch,
    endingBefore: null,
    usageStatementFrequency: "MONTHLY",
    usageStatementDay: "CONTRACT_START",
    billingAnchorDate: null,
    multiplierOverridePrioritization: "LOWEST_MULTIPLIER",
    netPaymentTermsDays: 0,
    uniquenessKey: null,
    packageId: null,
    customFields: {},
    createdAt: epoch,
    createdBy: null,
    archivedAt: null,
    transitionFromId: null,
    transitionType: null,
    transitionTo: null,
    totalContractValue: null,
    scheduledChargesOnUsageInvoices: false,
    parentContractId: null,
    parentCustomerId: null,
    hierarchyPayer: null,
    usageStatementBehavior: null,
    invoiceConsolidationType: null,
    overrides: [],
    commits: [],
    subscriptions: [],
    scheduledCharges: [],
    percentageDiscounts: [],
    recurringCommits: [],
    usageFilters: [],
    spendThreshold: null,
    professionalServices: [],
  };
  return toEngineContract(stand, rows, creditTypes);
}

/**
 * The balances of `rows` (commits and credits of one customer) at `at`; with `withDrafts`, the
 * draws of the customer's open draft invoices count too (Metronome's FINALIZED_AND_DRAFT). A
 * caller that has already priced those drafts at `at` passes them, so they are not priced twice.
 */
export async function balanceState(
  db: Db,
  customerId: string,
  rows: readonly CommitRow[],
  at: Date,
  withDrafts: boolean | readonly OpenDraft[] = true,
  loaders?: PricingLoaders,
): Promise<BalanceState> {
  const ids = new Set(rows.map((r) => r.id));
  const stored: CountedEntry[] = (loaders ? await loaders.ledger([...ids]) : await readLedger(db, [...ids])).map((e) => ({ ...e, pending: false }));
  const drafts = !rows.length || withDrafts === false ? [] : withDrafts === true ? await computeOpenDrafts(db, customerId, at) : withDrafts;
  const pending: CountedEntry[] = drafts.flatMap((d) =>
    d.invoice.ledgerEntries.filter((e) => ids.has(e.commitId)).map((e) => ({ ...e, invoiceId: d.id, contractId: d.billing.row.id, pending: true })),
  );
  const all = [...stored, ...pending].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  const counted = all.map((e) => (e.type === "MANUAL" && e.timestamp > at ? { ...e, timestamp: at } : e));

  const creditTypeIds = [...new Set(rows.map((r) => r.creditTypeId))];
  const creditTypes = loaders
    ? new Map((await loadAll(loaders.creditTypes, creditTypeIds)).flatMap((t) => (t ? [[t.id, t] as const] : [])))
    : await readCreditTypes(db, creditTypeIds);
  const holder = balanceHolder(customerId, rows, creditTypes);
  const entries = new Map<string, CountedEntry[]>();
  for (const e of all) entries.set(e.commitId, [...(entries.get(e.commitId) ?? []), e]);
  return {
    balances: new Map(computeBalances(holder, counted, at).map((b) => [b.id, b])),
    entries,
    segments: new Map(balanceSegments(holder, counted).map((s) => [s.item.id, s])),
  };
}
