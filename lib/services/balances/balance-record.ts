import type { Balance } from "@/lib/billing/balances";
import { max, ZERO, type Decimal } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { loadEngineProducts } from "@/lib/services/billing/pricing-context";
import type { CommitRow } from "@/lib/services/contracts/contract-record";
import { storedSpecifiers, type StoredSpecifier } from "@/lib/services/contracts/specifiers";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { BalanceState, CountedEntry } from "./balance-state";

// A commit or credit as the balance endpoints return it, with its balance and a ledger that reads
// like Metronome's: besides the stored entries and the drafts' draws, a start entry for each
// segment that has begun and an expiration entry for what a segment still held when it ended.
// The ledger sums to the balance.

export type LedgerLine = {
  type: "SEGMENT_START" | "INVOICE_DEDUCTION" | "MANUAL" | "ROLLOVER" | "TRUEUP" | "EXPIRATION";
  amount: Decimal;
  timestamp: Date;
  segmentId: string;
  invoiceId?: string;
  contractId?: string;
  reason?: string;
  /** ROLLOVER: the contract the remainder went to. */
  newContractId?: string;
};

export type BalanceRecord = {
  id: string;
  kind: "COMMIT" | "CREDIT";
  /** Commits only. */
  type: "PREPAID" | "POSTPAID" | null;
  customerId: string;
  contractId: string | null;
  name: string | null;
  description: string | null;
  product: { id: string; name: string };
  creditType: { id: string; name: string };
  applicableProductIds: string[];
  applicableProductTags: string[];
  /** Instead of the applicable lists, when given. */
  specifiers?: StoredSpecifier[];
  priority: Decimal | null;
  rolloverFraction: Decimal | null;
  rolledOverFrom: { commitId: string; contractId: string } | null;
  /** The recurring commit or credit that granted it, if one did. */
  recurringId: string | null;
  customFields: Record<string, string>;
  createdAt: Date;
  archivedAt: Date | null;
  accessSchedule: { id: string; amount: Decimal; startingAt: Date; endingBefore: Date }[];
  invoiceSchedule: { id: string; timestamp: Date; quantity: Decimal; unitPrice: Decimal; amount: Decimal; invoiceId: string | null }[];
  balance?: Decimal;
  ledger?: LedgerLine[];
};

type Db = PrismaClient | Prisma.TransactionClient;

/** Who stored deductions came from, and where rolled-over remainders went. */
type LedgerContext = { invoiceContracts: Map<string, string | null>; successors: Map<string, string | null> };

async function ledgerContext(db: Db, rows: readonly CommitRow[], state: BalanceState): Promise<LedgerContext> {
  const stored = rows.flatMap((r) => state.entries.get(r.id) ?? []).filter((e) => !e.pending);
  const invoiceIds = [...new Set(stored.map((e) => e.invoiceId).filter((id): id is string => !!id))];
  const invoices = invoiceIds.length ? await db.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { id: true, contractId: true } }) : [];
  const rolled = stored.some((e) => e.type === "ROLLOVER")
    ? await db.commit.findMany({ where: { rolledOverFromId: { in: rows.map((r) => r.id) } }, select: { rolledOverFromId: true, contractId: true } })
    : [];
  return {
    invoiceContracts: new Map(invoices.map((i) => [i.id, i.contractId])),
    successors: new Map(rolled.map((c) => [c.rolledOverFromId!, c.contractId])),
  };
}

function ledgerLines(row: CommitRow, balance: Balance, entries: readonly CountedEntry[], context: LedgerContext, at: Date): LedgerLine[] {
  const started = new Set(balance.segments.filter((s) => s.status !== "UPCOMING").map((s) => s.segmentId));
  const lines: LedgerLine[] = balance.segments
    .filter((s) => started.has(s.segmentId))
    .map((s) => ({ type: "SEGMENT_START", amount: s.granted, timestamp: s.startingAt, segmentId: s.segmentId }));
  for (const e of entries) {
    // What computeBalances counted: entries up to its instant, and every manual one.
    if (!started.has(e.segmentId) || (e.type !== "MANUAL" && e.timestamp > at)) continue;
    lines.push({
      type: e.type,
      amount: e.amount,
      timestamp: e.timestamp,
      segmentId: e.segmentId,
      ...(e.invoiceId ? { invoiceId: e.invoiceId, contractId: e.contractId ?? context.invoiceContracts.get(e.invoiceId) ?? undefined } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.type === "ROLLOVER" ? { newContractId: context.successors.get(row.id) ?? undefined } : {}),
    });
  }
  for (const s of balance.segments) {
    const left = max(s.granted.minus(s.used).plus(s.adjusted), ZERO);
    if (s.status === "EXPIRED" && left.gt(0)) lines.push({ type: "EXPIRATION", amount: ZERO.minus(left), timestamp: s.endingBefore, segmentId: s.segmentId });
  }
  // Stable: at one instant a segment starts before it is drawn, and expires after.
  return lines.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
}

/** The rows as records; with a state, their balances, and with `withLedgers` their ledgers. */
export async function balanceRecords(db: Db, rows: readonly CommitRow[], at: Date, state?: BalanceState, withLedgers = false): Promise<BalanceRecord[]> {
  const products = await loadEngineProducts(db, rows.map((r) => r.productId!), at);
  const creditTypes = await readCreditTypes(db, rows.map((r) => r.creditTypeId));
  const sources = rows.filter((r) => r.rolledOverFromId);
  const sourceContracts = new Map<string, string>();
  if (sources.length) {
    for (const c of await db.commit.findMany({ where: { id: { in: sources.map((r) => r.rolledOverFromId!) } }, select: { id: true, contractId: true } })) {
      if (c.contractId) sourceContracts.set(c.id, c.contractId);
    }
  }
  const context = state && withLedgers ? await ledgerContext(db, rows, state) : undefined;
  return rows.map((row) => {
    const balance = state?.balances.get(row.id);
    const fromContract = row.rolledOverFromId ? sourceContracts.get(row.rolledOverFromId) : undefined;
    const creditType = creditTypes.get(row.creditTypeId)!;
    return {
      id: row.id,
      kind: row.kind,
      type: row.type,
      customerId: row.customerId,
      contractId: row.contractId,
      name: row.name,
      description: row.description,
      product: { id: row.productId!, name: products.get(row.productId!)?.name ?? "" },
      creditType: { id: creditType.id, name: creditType.name },
      applicableProductIds: row.applicableProductIds,
      applicableProductTags: row.applicableProductTags,
      ...(storedSpecifiers(row.specifiers) ? { specifiers: storedSpecifiers(row.specifiers) } : {}),
      priority: fromDb(row.priority),
      rolloverFraction: fromDb(row.rolloverFraction),
      rolledOverFrom: fromContract ? { commitId: row.rolledOverFromId!, contractId: fromContract } : null,
      recurringId: row.recurringCommitId,
      customFields: row.customFields as Record<string, string>,
      createdAt: row.createdAt,
      archivedAt: row.archivedAt,
      accessSchedule: row.segments.map((s) => ({ id: s.id, amount: fromDb(s.amount), startingAt: s.startingAt, endingBefore: s.endingBefore })),
      invoiceSchedule: row.invoiceSchedule.map((i) => ({ id: i.id, timestamp: i.timestamp, quantity: fromDb(i.quantity), unitPrice: fromDb(i.unitPrice), amount: fromDb(i.amount), invoiceId: i.invoiceId })),
      ...(balance ? { balance: balance.remaining } : {}),
      ...(balance && context ? { ledger: ledgerLines(row, balance, state!.entries.get(row.id) ?? [], context, at) } : {}),
    };
  });
}
