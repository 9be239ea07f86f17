import type { Commit, Contract, Credit, Override, ScheduledCharge, Subscription } from "@/lib/billing/contract-terms";
import type { Decimal } from "@/lib/billing/decimal";
import type { CreditType, LedgerEntry, PriceSpec, Tier } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { pathId } from "@/lib/services/ids";
import { engineSpecifiers } from "./specifiers";
import { SPEND_THRESHOLD_SELECT } from "./spend-threshold";

// A contract as stored (prisma/schema.prisma) and as the engine reads it (lib/billing/contract-
// terms.ts). Customer-level commits and credits (no contract) apply to every contract of the
// customer, so they are read alongside.

/**
 * The most contracts one customer has, archived ones included. Metronome's contract lists are not
 * paged, so this bounds what one list answers (and what pricing a customer reads).
 */
export const MAX_CONTRACTS_PER_CUSTOMER = 1000;

const SEGMENTS = { orderBy: { startingAt: "asc" }, select: { id: true, amount: true, startingAt: true, endingBefore: true } } as const;
const SCHEDULE = { orderBy: { timestamp: "asc" }, select: { id: true, timestamp: true, quantity: true, unitPrice: true, amount: true, invoiceId: true } } as const;

export const COMMIT_SELECT = {
  id: true,
  customerId: true,
  contractId: true,
  kind: true,
  type: true,
  name: true,
  description: true,
  productId: true,
  creditTypeId: true,
  applicableProductIds: true,
  applicableProductTags: true,
  specifiers: true,
  priority: true,
  rolloverFraction: true,
  rolledOverFromId: true,
  invoiceContractId: true,
  customFields: true,
  editId: true,
  recurringCommitId: true,
  recurrenceIndex: true,
  thresholdBilling: true,
  createdAt: true,
  archivedAt: true,
  segments: SEGMENTS,
  invoiceSchedule: SCHEDULE,
} as const satisfies Prisma.CommitSelect;

export const CONTRACT_SELECT = {
  id: true,
  customerId: true,
  rateCardId: true,
  name: true,
  startingAt: true,
  endingBefore: true,
  usageStatementFrequency: true,
  usageStatementDay: true,
  billingAnchorDate: true,
  multiplierOverridePrioritization: true,
  netPaymentTermsDays: true,
  uniquenessKey: true,
  customFields: true,
  createdAt: true,
  createdBy: true,
  archivedAt: true,
  packageId: true,
  transitionFromId: true,
  transitionType: true,
  transitionTo: { select: { id: true, transitionType: true, startingAt: true, endingBefore: true, archivedAt: true } },
  totalContractValue: true,
  scheduledChargesOnUsageInvoices: true,
  parentContractId: true,
  parentCustomerId: true,
  hierarchyPayer: true,
  usageStatementBehavior: true,
  invoiceConsolidationType: true,
  overrides: { orderBy: { startingAt: "asc" } },
  commits: { where: { archivedAt: null }, orderBy: { createdAt: "asc" }, select: COMMIT_SELECT },
  subscriptions: { orderBy: { startingAt: "asc" }, include: { quantities: { orderBy: { startingAt: "asc" } }, seatChanges: { orderBy: { position: "asc" }, select: { position: true, kind: true, startingAt: true, seatIds: true, quantity: true } } } },
  scheduledCharges: { orderBy: { createdAt: "asc" }, include: { schedule: SCHEDULE } },
  percentageDiscounts: { orderBy: { startingAt: "asc" } },
  // As they were given: by the change that wrote them, then their place in it.
  recurringCommits: { orderBy: [{ createdAt: "asc" }, { position: "asc" }] },
  usageFilters: { orderBy: { startingAt: "asc" }, select: { id: true, groupKey: true, groupValues: true, startingAt: true, editId: true, createdAt: true } },
  spendThreshold: { select: SPEND_THRESHOLD_SELECT },
  professionalServices: { orderBy: [{ createdAt: "asc" }, { position: "asc" }], select: { id: true, productId: true, maxAmount: true, quantity: true, unitPrice: true, description: true } },
} as const satisfies Prisma.ContractSelect;

export type ContractRow = Prisma.ContractGetPayload<{ select: typeof CONTRACT_SELECT }>;
export type CommitRow = Prisma.CommitGetPayload<{ select: typeof COMMIT_SELECT }>;

export const CONTRACT_NOT_FOUND = "No contract has that id for this customer.";

/** The contract with its customer-level balances, or a 404. Archived contracts are found too. */
export async function readContract(db: Prisma.TransactionClient, customerId: string, contractId: string) {
  const row = await db.contract.findFirst({
    where: { id: pathId(contractId, CONTRACT_NOT_FOUND), customerId: pathId(customerId, CONTRACT_NOT_FOUND) },
    select: CONTRACT_SELECT,
  });
  if (!row) throw new AppError("not_found", CONTRACT_NOT_FOUND);
  const customerBalances = await db.commit.findMany({ where: { customerId, contractId: null, archivedAt: null }, orderBy: { createdAt: "asc" }, select: COMMIT_SELECT });
  return { row, customerBalances };
}

type StoredTier = { size?: string; price?: string; multiplier?: string };
type StoredRate = { rate_type: PriceSpec["rateType"]; price?: string; tiers?: StoredTier[]; package_size?: string; package_rounding?: "ROUND_UP" | "ROUND_DOWN"; minimum?: string; maximum?: string; credit_type_id?: string };

/** An OVERWRITE override's replacement rate, kept as Metronome's snake_case with decimal strings. */
export function overwriteSpec(stored: StoredRate): PriceSpec {
  const d = (v: string | undefined) => fromDb(v ?? "0");
  const tiers = (stored.tiers ?? []).map((t): Tier => (t.size !== undefined ? { size: d(t.size), price: d(t.price) } : { price: d(t.price) }));
  switch (stored.rate_type) {
    case "TIERED":
    case "VOLUME":
      return { rateType: stored.rate_type, tiers };
    case "PACKAGE":
      return { rateType: "PACKAGE", price: d(stored.price), packageSize: d(stored.package_size), packageRounding: stored.package_rounding ?? "ROUND_UP" };
    case "PERCENTAGE":
      return { rateType: "PERCENTAGE", price: d(stored.price), ...(stored.minimum ? { minimum: d(stored.minimum) } : {}), ...(stored.maximum ? { maximum: d(stored.maximum) } : {}) };
    default:
      return { rateType: stored.rate_type, price: d(stored.price) };
  }
}

// A priority only orders balances and overrides (the engine compares it as a number); it is no amount.
// eslint-disable-next-line no-restricted-syntax
const num = (d: { toString(): string } | null) => (d === null ? undefined : Number(d.toString()));
const opt = <T,>(value: T | null | undefined) => (value === null || value === undefined ? undefined : value);

/** The credit types a contract's terms are kept in: its balances' and its overwrite rates'. Read them all before toEngineContract. */
export function termCreditTypeIds(row: ContractRow, customerBalances: readonly CommitRow[]): string[] {
  const overwrites = row.overrides.map((o) => (o.overwriteRate as StoredRate | null)?.credit_type_id).filter((id): id is string => !!id);
  return [...[...row.commits, ...customerBalances].map((c) => c.creditTypeId), ...overwrites];
}

function engineOverride(o: ContractRow["overrides"][number], creditTypes: ReadonlyMap<string, CreditType>): Override {
  const base = {
    id: o.id,
    startingAt: o.startingAt,
    endingBefore: opt(o.endingBefore),
    productId: opt(o.productId),
    applicableProductTags: o.applicableProductTags,
    pricingGroupValues: opt(o.pricingGroupValues as Record<string, string> | null),
    ...(o.specifiers !== null ? { specifiers: engineSpecifiers(o.specifiers) } : {}),
    entitled: opt(o.entitled),
    priority: num(o.priority),
  };
  switch (o.type) {
    case "MULTIPLIER":
      return { ...base, type: "MULTIPLIER", multiplier: fromDb(o.multiplier!) };
    case "OVERWRITE": {
      // An overwrite naming a credit type bills in it (none: the overridden rate's).
      const stored = o.overwriteRate as StoredRate;
      const creditType = stored.credit_type_id ? creditTypes.get(stored.credit_type_id) : undefined;
      if (stored.credit_type_id && !creditType) throw new Error(`override ${o.id}: credit type ${stored.credit_type_id} was not read (termCreditTypeIds)`);
      return { ...base, type: "OVERWRITE", overwriteRate: { ...overwriteSpec(stored), ...(creditType ? { creditType } : {}) } };
    }
    case "TIERED":
      return { ...base, type: "TIERED", tiers: (o.tiers as StoredTier[]).map((t) => ({ ...(t.size !== undefined ? { size: fromDb(t.size) } : {}), multiplier: fromDb(t.multiplier!) })) };
  }
}

function accessSchedule(row: CommitRow, creditTypes: ReadonlyMap<string, CreditType>) {
  return {
    creditType: creditTypes.get(row.creditTypeId),
    scheduleItems: row.segments.map((s) => ({ id: s.id, amount: fromDb(s.amount), startingAt: s.startingAt, endingBefore: s.endingBefore })),
  };
}

function chargeItems(items: CommitRow["invoiceSchedule"]) {
  return items.map((i) => ({ timestamp: i.timestamp, amount: fromDb(i.amount), quantity: fromDb(i.quantity), unitPrice: fromDb(i.unitPrice) }));
}

function engineBalances(rows: readonly CommitRow[], creditTypes: ReadonlyMap<string, CreditType>) {
  const commits: Commit[] = [];
  const credits: Credit[] = [];
  for (const row of rows) {
    const scope = { applicableProductIds: row.applicableProductIds, applicableProductTags: row.applicableProductTags, specifiers: engineSpecifiers(row.specifiers) };
    const shared = { id: row.id, productId: row.productId!, name: opt(row.name), ...scope, priority: num(row.priority), rolloverFraction: opt(fromDb(row.rolloverFraction)), accessSchedule: accessSchedule(row, creditTypes) };
    if (row.kind === "CREDIT") credits.push(shared);
    else {
      const invoiceSchedule = row.invoiceSchedule.length ? { creditType: creditTypes.get(row.creditTypeId), scheduleItems: chargeItems(row.invoiceSchedule) } : undefined;
      commits.push({ ...shared, type: row.type!, invoiceSchedule, ...(row.thresholdBilling ? { thresholdBilling: true } : {}) });
    }
  }
  return { commits, credits };
}

/**
 * A customer-level balance as one contract's invoices see it: every contract draws on it, but
 * only its invoice contract bills the purchase, and a postpaid minimum is trued up there alone.
 */
export function sharedBalanceFor(contractId: string, balance: CommitRow): CommitRow | undefined {
  if (balance.invoiceContractId === contractId) return balance;
  if (balance.type === "POSTPAID") return undefined;
  return { ...balance, invoiceSchedule: [] };
}

/** The contract as the engine prices it. */
export function toEngineContract(row: ContractRow, customerBalances: readonly CommitRow[], creditTypes: ReadonlyMap<string, CreditType>): Contract {
  const { commits, credits } = engineBalances([...row.commits, ...customerBalances], creditTypes);
  return {
    id: row.id,
    startingAt: row.startingAt,
    endingBefore: opt(row.endingBefore),
    rateCardId: opt(row.rateCardId),
    usageStatementSchedule: { frequency: row.usageStatementFrequency, day: row.usageStatementDay, billingAnchorDate: opt(row.billingAnchorDate) },
    multiplierOverridePrioritization: row.multiplierOverridePrioritization,
    overrides: row.overrides.map((o) => engineOverride(o, creditTypes)),
    commits,
    credits,
    subscriptions: row.subscriptions.map(
      (s): Subscription => ({
        id: s.id,
        productId: s.productId,
        name: opt(s.name),
        billingFrequency: s.billingFrequency === "WEEKLY" ? "MONTHLY" : s.billingFrequency,
        collectionSchedule: s.collectionSchedule,
        proration: { isProrated: s.isProrated },
        quantitySchedule: s.quantities.map((q) => ({ quantity: fromDb(q.quantity), startingAt: q.startingAt })),
        startingAt: s.startingAt,
        endingBefore: opt(s.endingBefore),
      }),
    ),
    scheduledCharges: row.scheduledCharges.map(
      (c): ScheduledCharge => ({ id: c.id, productId: c.productId, name: opt(c.name), schedule: { scheduleItems: chargeItems(c.schedule) } }),
    ),
    percentageDiscounts: row.percentageDiscounts.map((d) => ({
      id: d.id,
      name: d.name,
      fraction: fromDb(d.fraction) as Decimal,
      applicableProductIds: d.applicableProductIds,
      applicableProductTags: d.applicableProductTags,
      startingAt: d.startingAt,
      endingBefore: opt(d.endingBefore),
    })),
    usageFilters: row.usageFilters.map((f) => ({ groupKey: f.groupKey, groupValues: f.groupValues, startingAt: f.startingAt })),
    ...(row.scheduledChargesOnUsageInvoices ? { scheduledChargesOnUsageInvoices: true } : {}),
  };
}

/** Every product a contract's own terms bill under (beyond those its rate card prices). */
export function termProductIds(row: ContractRow, customerBalances: readonly CommitRow[]): string[] {
  return [
    ...[...row.commits, ...customerBalances].map((c) => c.productId).filter((id): id is string => !!id),
    ...row.subscriptions.map((s) => s.productId),
    ...row.scheduledCharges.map((c) => c.productId),
  ];
}

/** A customer's (or customers') live commits and credits: not archived, nor on an archived contract. */
export function liveCommitsOf(customerId: string | { in: string[] }) {
  return { customerId, archivedAt: null, OR: [{ contractId: null }, { contract: { archivedAt: null } }] } satisfies Prisma.CommitWhereInput;
}

/** The ledger of the given commits and credits, as the engine reads it. */
export async function readLedger(db: Prisma.TransactionClient, commitIds: string[]): Promise<LedgerEntry[]> {
  if (commitIds.length === 0) return [];
  const rows = await db.ledgerEntry.findMany({ where: { commitId: { in: commitIds } }, orderBy: [{ timestamp: "asc" }, { createdAt: "asc" }] });
  return rows.map(toLedgerEntry);
}

type LedgerRow = Prisma.LedgerEntryGetPayload<{ select: { commitId: true; segmentId: true; type: true; amount: true; timestamp: true; invoiceId: true; reason: true } }>;

export function toLedgerEntry(r: LedgerRow): LedgerEntry {
  return {
    commitId: r.commitId,
    segmentId: r.segmentId,
    type: r.type,
    amount: fromDb(r.amount),
    timestamp: r.timestamp,
    invoiceId: opt(r.invoiceId),
    reason: opt(r.reason),
  };
}
