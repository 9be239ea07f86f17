import { sum, ZERO, type Decimal } from "@/lib/billing/decimal";
import { isAdjustmentLine } from "@/lib/billing/line-items";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { balanceState, type BalanceState } from "@/lib/services/balances/balance-state";
import { BillingInputError } from "@/lib/billing/errors";
import { isAppError } from "@/lib/errors";
import { COMMIT_SELECT, liveCommitsOf, type CommitRow } from "@/lib/services/contracts/contract-record";
import type { OpenDraft } from "@/lib/services/invoices/open-draft";
import { currentOf } from "@/lib/services/invoices/current-period";
import { computeOpenDrafts, type OpenDraftListing } from "@/lib/services/invoices/open-drafts";
import type { PricingLoaders } from "@/lib/services/billing/pricing-loaders";

// Where a customer stands now: its open draft invoices and its commits and credits, read with
// the drafts priced once. Pricing is the expensive part of every live read, and the balances
// count the drafts' draws, so both come from the same computeOpenDrafts call.

type Db = PrismaClient | Prisma.TransactionClient;

export type CustomerStanding = {
  customerId: string;
  /** Every open period's draft, oldest first. */
  drafts: OpenDraft[];
  /** With `scheduled`: the SCHEDULED invoices of the current period not stored yet. */
  scheduled: OpenDraft[];
  /** The drafts of the periods that contain `now`: "this period". */
  current: OpenDraft[];
  /** Live commits and credits (not archived, nor on an archived contract), oldest first. */
  rows: CommitRow[];
  state: BalanceState | null;
};

/** What the customer has been charged and will be invoiced so far this period, per credit type. */
export type PeriodSpend = { creditType: CreditType; charges: Decimal; applied: Decimal; total: Decimal };

/** A commit or credit as the overview weighs it: what its started, unexpired segments grant and what is left. */
export type BalanceLevel = {
  id: string;
  name: string;
  kind: "COMMIT" | "CREDIT";
  type: "PREPAID" | "POSTPAID" | null;
  contractId: string | null;
  creditType: CreditType;
  granted: Decimal;
  used: Decimal;
  remaining: Decimal;
  expiresAt: Date | null;
};

export type StandingOptions = {
  /** The customer's contracts and closed periods, when already read (listOpenContracts). */
  listing?: OpenDraftListing;
  /** Also price the current period's SCHEDULED invoices. */
  scheduled?: boolean;
  /** Reads batched with other customers priced at the same time (pricing-loaders.ts). */
  loaders?: PricingLoaders;
};

export async function readCustomerStanding(db: Db, customerId: string, now: Date, { listing, scheduled, loaders }: StandingOptions = {}): Promise<CustomerStanding> {
  const [all, rows] = await Promise.all([
    computeOpenDrafts(db, customerId, now, { listing, scheduled: scheduled ? "current period" : undefined, loaders }),
    loaders ? loaders.commits.load(customerId) : db.commit.findMany({
      where: liveCommitsOf(customerId),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: COMMIT_SELECT,
    }),
  ]);
  const drafts = all.filter((d) => d.type === "USAGE");
  const state = rows.length ? await balanceState(db, customerId, rows, now, drafts, loaders) : null;
  const current = currentOf(drafts, now);
  return { customerId, drafts, scheduled: all.filter((d) => d.type === "SCHEDULED"), current, rows, state };
}

/** The current drafts summed per credit type, in the order the credit types first appear. */
export function periodSpend(standing: CustomerStanding): PeriodSpend[] {
  const byType = new Map<string, PeriodSpend>();
  for (const { invoice } of standing.current) {
    const lines = invoice.lines.filter((l) => l.creditType.id === invoice.creditType.id);
    const charges = sum(lines.filter((l) => !isAdjustmentLine(l.type)).map((l) => l.total));
    const entry = byType.get(invoice.creditType.id) ?? { creditType: invoice.creditType, charges: ZERO, applied: ZERO, total: ZERO };
    entry.charges = entry.charges.plus(charges);
    entry.total = entry.total.plus(invoice.total);
    // What commits, credits and discounts took off: the rest of the way from charges to total.
    entry.applied = entry.charges.minus(entry.total);
    byType.set(invoice.creditType.id, entry);
  }
  return [...byType.values()];
}

/**
 * A customer's share of revenue this period, per credit type: key "" holds its charges, what
 * commits, credits and discounts took off and what its drafts invoice; every other key a
 * product's charges (its id, or "line:<name>" for a line without a product).
 */
export type RevenueShare = { creditTypeId: string; key: string; name: string; charges: Decimal; applied: Decimal; total: Decimal };

export function revenueContribution(standing: CustomerStanding, spend: readonly PeriodSpend[] = periodSpend(standing)): RevenueShare[] {
  const shares: RevenueShare[] = spend.map((s) => ({ creditTypeId: s.creditType.id, key: "", name: s.creditType.name, charges: s.charges, applied: s.applied, total: s.total }));
  const products = new Map<string, RevenueShare>();
  for (const draft of standing.current) {
    for (const line of draft.invoice.lines) {
      if (isAdjustmentLine(line.type) || line.creditType.id !== draft.invoice.creditType.id || line.total.isZero()) continue;
      const key = line.productId ?? `line:${line.name}`;
      const id = `${draft.invoice.creditType.id}|${key}`;
      const entry = products.get(id) ?? {
        creditTypeId: draft.invoice.creditType.id,
        key,
        name: (line.productId && draft.pricing.products.get(line.productId)?.name) || line.name,
        charges: ZERO,
        applied: ZERO,
        total: ZERO,
      };
      entry.charges = entry.charges.plus(line.total);
      products.set(id, entry);
    }
  }
  return [...shares, ...products.values()];
}

/** Each live commit and credit that has begun and not ended, with what it grants now and what is left. */
export function balanceLevels(standing: CustomerStanding): BalanceLevel[] {
  if (!standing.state) return [];
  const levels: BalanceLevel[] = [];
  for (const row of standing.rows) {
    const balance = standing.state.balances.get(row.id);
    const active = balance?.segments.filter((s) => s.status === "ACTIVE") ?? [];
    if (!balance || active.length === 0) continue;
    levels.push({
      id: row.id,
      name: row.name ?? (row.kind === "COMMIT" ? "Commitment" : "Credit"),
      kind: row.kind,
      type: row.type,
      contractId: row.contractId,
      creditType: balance.creditType,
      granted: sum(active.map((s) => s.granted)),
      used: sum(active.map((s) => s.used)),
      remaining: balance.remaining,
      expiresAt: balance.expiresAt ?? new Date(Math.max(...active.map((s) => s.endingBefore.getTime()))),
    });
  }
  return levels;
}

/**
 * Why a customer's drafts cannot be priced, when `error` says so: the engine refused its contract
 * or rate card (a bad edit), or the contract is in no state to be priced. Anything else is a bug.
 */
export function unpricedReason(error: unknown): string | undefined {
  if (error instanceof BillingInputError) return error.message;
  return isAppError(error) && error.code === "unprocessable" ? error.message : undefined;
}

export type StandingResult = { ok: true; standing: CustomerStanding } | { ok: false; message: string };

/**
 * The standings of several customers, one after another (each is a handful of queries; in
 * parallel they would only queue for the same connections). A customer whose contract cannot be
 * priced is reported with the reason instead of failing the whole read.
 */
export async function readStandings(db: Db, customerIds: readonly string[], now: Date): Promise<Map<string, StandingResult>> {
  const results = new Map<string, StandingResult>();
  for (const id of customerIds) {
    try {
      results.set(id, { ok: true, standing: await readCustomerStanding(db, id, now) });
    } catch (error) {
      const reason = unpricedReason(error);
      if (reason === undefined) throw error;
      results.set(id, { ok: false, message: reason });
    }
  }
  return results;
}
