import { type Decimal, ZERO } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { balanceRecords, type BalanceRecord, type LedgerLine } from "@/lib/services/balances/balance-record";
import { balanceState } from "@/lib/services/balances/balance-state";
import { COMMIT_SELECT, type CommitRow } from "@/lib/services/contracts/contract-record";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";

// A customer's credit grants with the ledger Metronome's plans-era endpoints show: one list of
// entries per credit type, oldest first, each with the running balance of that credit type. It is
// the balances' own ledger (balance-record.ts) — the grant, the invoices' draws, manual entries,
// expirations — read at `now`; the live drafts' draws are the pending entries.

type Db = PrismaClient | Prisma.TransactionClient;

export const GRANT_NOT_FOUND = "No credit grant has that id.";

/** Who made an entry: Rateline's ledger does not keep a person for automated entries. */
export const LEDGER_AUTHOR = "Rateline";

/** The grants that are not voided: customer-level credits made through /v1/credits. */
export const liveGrants = { creditGrant: true, kind: "CREDIT", contractId: null, archivedAt: null } satisfies Prisma.CommitWhereInput;

export type GrantEntry = {
  grantId: string;
  creditTypeId: string;
  amount: Decimal;
  timestamp: Date;
  reason: string;
  invoiceId: string | null;
  pending: boolean;
  /** The credit type's balance over the customer's grants once this entry counts. */
  runningBalance: Decimal;
};

export type CustomerGrants = {
  customerId: string;
  /** Oldest first, each with its balance now (live drafts counted) and its ledger. */
  records: BalanceRecord[];
  /** Posted entries, oldest first, then pending ones. */
  entries: GrantEntry[];
  /** The end of the customer's current billing period: the earliest end of a live usage draft around `now`, else `now`. */
  periodEnd: Date;
  /** Each grant's balance at `at`, with or without the live drafts' draws. */
  balancesAt(at: Date, withPending: boolean): Promise<Map<string, Decimal>>;
};

const REASONS: Record<LedgerLine["type"], string> = {
  SEGMENT_START: "Credit grant",
  INVOICE_DEDUCTION: "Invoice deduction",
  TRUEUP: "Invoice deduction",
  MANUAL: "Manual entry",
  ROLLOVER: "Rollover",
  EXPIRATION: "Expiration",
};

function withRunningBalances(lines: Omit<GrantEntry, "runningBalance">[]): GrantEntry[] {
  const running = new Map<string, Decimal>();
  return lines.map((line) => {
    const balance = (running.get(line.creditTypeId) ?? ZERO).plus(line.amount);
    running.set(line.creditTypeId, balance);
    return { ...line, runningBalance: balance };
  });
}

function currentPeriodEnd(drafts: readonly OpenDraft[], now: Date): Date {
  const ends = drafts
    .filter((d) => d.type === "USAGE" && d.invoice.startingAt <= now && now < d.invoice.endingBefore)
    .map((d) => d.invoice.endingBefore.getTime());
  return ends.length ? new Date(Math.min(...ends)) : now;
}

export async function customerGrants(db: Db, customerId: string, now: Date): Promise<CustomerGrants> {
  const rows: CommitRow[] = await db.commit.findMany({ where: { customerId, ...liveGrants }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: COMMIT_SELECT });
  const drafts = rows.length ? await computeOpenDrafts(db, customerId, now) : [];
  const draftIds = new Set(drafts.map((d) => d.id));
  const state = await balanceState(db, customerId, rows, now, drafts);
  const records = await balanceRecords(db, rows, now, state, true);
  const lines = records.flatMap((r) =>
    (r.ledger ?? []).map((line) => ({
      grantId: r.id,
      creditTypeId: r.creditType.id,
      amount: line.amount,
      timestamp: line.timestamp,
      reason: line.reason ?? REASONS[line.type],
      invoiceId: line.invoiceId ?? null,
      pending: !!line.invoiceId && draftIds.has(line.invoiceId),
    })),
  );
  // Stable: at one instant a grant starts before it is drawn.
  const byTime = (a: { timestamp: Date }, b: { timestamp: Date }) => a.timestamp.getTime() - b.timestamp.getTime();
  const posted = lines.filter((l) => !l.pending).sort(byTime);
  const pending = lines.filter((l) => l.pending).sort(byTime);
  return {
    customerId,
    records,
    entries: withRunningBalances([...posted, ...pending]),
    periodEnd: currentPeriodEnd(drafts, now),
    async balancesAt(at, withPending) {
      const atState = await balanceState(db, customerId, rows, at, withPending ? drafts : false);
      return new Map(rows.map((r) => [r.id, atState.balances.get(r.id)?.remaining ?? ZERO]));
    },
  };
}

/** The sum of the balances of the grants in `ids`. */
export function sumOf(balances: Map<string, Decimal>, ids: readonly string[]): Decimal {
  return ids.reduce((total, id) => total.plus(balances.get(id) ?? ZERO), ZERO);
}
