import { appliesToLine, type AccessScheduleItem, type Commit, type Contract, type Credit } from "./contract-terms";
import { Decimal, max, min, ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import { isAtPrecision, sameCreditType, USD_CENTS } from "./money";
import { comparePriority, compareText } from "./ordering";
import type { CreditType, GroupValues, LedgerEntry, Product, Window } from "./types";

/**
 * Commit and credit balances: what each segment holds after the ledger (draws of finalized
 * invoices, manual entries, rollovers, true-ups), and how new spend draws them down.
 */

export type BalanceKind = "PREPAID" | "POSTPAID" | "CREDIT";

export interface BalanceSegment {
  owner: Commit | Credit;
  kind: BalanceKind;
  item: AccessScheduleItem;
  creditType: CreditType;
  /** Entries of the ledger on this segment, oldest first. */
  entries: LedgerEntry[];
}

function kindOf(owner: Commit | Credit): BalanceKind {
  return "type" in owner ? owner.type : "CREDIT";
}

/** Every segment of the contract's commits and credits, with its ledger entries attached. */
export function balanceSegments(
  contract: Contract,
  ledger: readonly LedgerEntry[],
  fiat: CreditType = USD_CENTS,
): BalanceSegment[] {
  const segments = new Map<string, BalanceSegment>();
  for (const owner of [...(contract.commits ?? []), ...(contract.credits ?? [])]) {
    for (const item of owner.accessSchedule.scheduleItems) {
      segments.set(JSON.stringify([owner.id, item.id]), {
        owner,
        kind: kindOf(owner),
        item,
        creditType: owner.accessSchedule.creditType ?? fiat,
        entries: [],
      });
    }
  }
  for (const entry of ledger) {
    const segment = segments.get(JSON.stringify([entry.commitId, entry.segmentId]));
    if (segment === undefined) {
      throw new BillingInputError(`ledger entry for unknown segment ${entry.segmentId} of ${entry.commitId}`);
    }
    if (!isAtPrecision(entry.amount, segment.creditType)) {
      throw new BillingInputError(`ledger entry on ${entry.commitId} is finer than ${segment.creditType.name}`);
    }
    segment.entries.push(entry);
  }
  return [...segments.values()];
}

/** What a segment still holds after the given entries; a balance never goes below zero. */
export function segmentRemaining(segment: BalanceSegment, entries: readonly LedgerEntry[] = segment.entries): Decimal {
  let remaining = segment.item.amount;
  for (const entry of entries) remaining = remaining.plus(entry.amount);
  return max(remaining, ZERO);
}

const boughtAtThreshold = (segment: BalanceSegment): number => ("thresholdBilling" in segment.owner && segment.owner.thresholdBilling ? 1 : 0);

/**
 * Draw-down order: priority (lower first, unset last), then the soonest `endingBefore` (use
 * what expires first), then the oldest `startingAt`, then ids for determinism. Commits bought
 * at a spend threshold come after every other balance, whatever their priority: each was bought
 * for exactly the spend the others left uncovered (threshold-billing.ts), so drawing earlier
 * would take spend another balance covers and leave it to be billed again.
 */
export function drawOrder(a: BalanceSegment, b: BalanceSegment): number {
  return (
    boughtAtThreshold(a) - boughtAtThreshold(b) ||
    comparePriority(a.owner.priority, b.owner.priority) ||
    a.item.endingBefore.getTime() - b.item.endingBefore.getTime() ||
    a.item.startingAt.getTime() - b.item.startingAt.getTime() ||
    compareText(a.owner.id, b.owner.id) ||
    compareText(a.item.id, b.item.id)
  );
}

/** Spend that balances may cover: one invoice line's net amount, accrued from `at`. */
export interface Charge {
  product: Product;
  creditType: CreditType;
  at: Date;
  amount: Decimal;
  /** The line's group values, which a balance's specifiers may name. */
  pricingGroupValues?: GroupValues;
  presentationGroupValues?: GroupValues;
}

export interface Draw {
  segment: BalanceSegment;
  /** Index into the charges given to drawDown. */
  chargeIndex: number;
  amount: Decimal;
}

/**
 * Spends balances on charges. Segments go in draw order; each covers, oldest first, the
 * charges it applies to (same credit type, line in scope, active at the charge's `at`) up
 * to what it holds. Nothing is drawn below zero and no charge is covered beyond its amount,
 * so spend = billed + drawn.
 */
export function drawDown(segments: readonly BalanceSegment[], charges: readonly Charge[]): Draw[] {
  if (segments.length === 0) return [];
  const uncovered = charges.map((charge) => charge.amount);
  const times = charges.map((charge) => charge.at.getTime());
  // Charges accrue at a few instants (window starts): bucket them rather than sort them all.
  const byInstant = new Map<number, number[]>();
  times.forEach((t, i) => {
    const bucket = byInstant.get(t);
    if (bucket === undefined) byInstant.set(t, [i]);
    else bucket.push(i);
  });
  const chronological = [...byInstant.keys()].sort((a, b) => a - b).flatMap((t) => byInstant.get(t)!);
  const draws: Draw[] = [];
  for (const segment of [...segments].sort(drawOrder)) {
    let available = segmentRemaining(segment);
    const start = segment.item.startingAt.getTime();
    const end = segment.item.endingBefore.getTime();
    // Without specifiers a balance's scope is its products': decide it once per product.
    const bySpecifiers = (segment.owner.specifiers?.length ?? 0) > 0;
    const inScope = new Map<Product, boolean>();
    for (const i of chronological) {
      if (available.isZero()) break;
      const charge = charges[i]!;
      const left = uncovered[i]!;
      const t = times[i]!;
      if (left.isZero() || t < start || t >= end || !sameCreditType(charge.creditType, segment.creditType)) continue;
      let applies = bySpecifiers ? appliesToLine(segment.owner, charge) : inScope.get(charge.product);
      if (applies === undefined) inScope.set(charge.product, (applies = appliesToLine(segment.owner, charge)));
      if (!applies) continue;
      const amount = min(available, left);
      available = available.minus(amount);
      uncovered[i] = left.minus(amount);
      draws.push({ segment, chargeIndex: i, amount });
    }
  }
  return draws;
}

export type SegmentStatus = "UPCOMING" | "ACTIVE" | "EXPIRED";

export interface SegmentBalance extends Window {
  segmentId: string;
  status: SegmentStatus;
  /** The segment's amount once it has started. */
  granted: Decimal;
  /** Drawn by invoices. */
  used: Decimal;
  /** Manual entries, rollovers and true-ups (signed). */
  adjusted: Decimal;
  /** Usable now: zero unless the segment is active. */
  remaining: Decimal;
}

export interface Balance {
  id: string;
  kind: BalanceKind;
  name?: string;
  creditType: CreditType;
  granted: Decimal;
  used: Decimal;
  remaining: Decimal;
  /** When the soonest-expiring active segment with something left ends. */
  expiresAt?: Date;
  segments: SegmentBalance[];
}

function statusAt(item: Window, at: Date): SegmentStatus {
  if (at < item.startingAt) return "UPCOMING";
  return at < item.endingBefore ? "ACTIVE" : "EXPIRED";
}

/** The entries that count at `at`: those dated up to it. */
function entriesAt<E extends Pick<LedgerEntry, "timestamp">>(entries: readonly E[], at: Date): E[] {
  return entries.filter((entry) => entry.timestamp <= at);
}

/**
 * What a segment carries into the instant `t`: its amount and the ledger dated before `t`, if
 * it is active just before `t` (started before `t`, not ended before it) — a roll-forward's
 * opening balance at its start and closing balance at its end. Not floored at zero: a
 * roll-forward has to add up, and a ledger that took a segment below zero must show.
 */
export function carriedInto(item: Window & { amount: Decimal }, entries: readonly Pick<LedgerEntry, "timestamp" | "amount">[], t: Date): Decimal {
  const justBefore = new Date(t.getTime() - 1);
  if (statusAt(item, justBefore) !== "ACTIVE") return ZERO;
  return entriesAt(entries, justBefore).reduce((level, entry) => level.plus(entry.amount), item.amount);
}

function segmentBalanceAt(segment: BalanceSegment, at: Date): SegmentBalance {
  const entries = entriesAt(segment.entries, at);
  const status = statusAt(segment.item, at);
  let used = ZERO;
  let adjusted = ZERO;
  for (const entry of entries) {
    if (entry.type === "INVOICE_DEDUCTION") used = used.minus(entry.amount);
    else adjusted = adjusted.plus(entry.amount);
  }
  return {
    segmentId: segment.item.id,
    startingAt: segment.item.startingAt,
    endingBefore: segment.item.endingBefore,
    status,
    granted: status === "UPCOMING" ? ZERO : segment.item.amount,
    used,
    adjusted,
    remaining: status === "ACTIVE" ? segmentRemaining(segment, entries) : ZERO,
  };
}

/**
 * Each commit's and credit's balance at an instant, from the ledger entries dated up to it.
 * For a POSTPAID commit, `remaining` is what must still be spent before its true-up.
 */
export function computeBalances(
  contract: Contract,
  ledger: readonly LedgerEntry[],
  at: Date,
  fiat: CreditType = USD_CENTS,
): Balance[] {
  const byOwner = new Map<string, Balance>();
  for (const segment of balanceSegments(contract, ledger, fiat)) {
    const segmentBalance = segmentBalanceAt(segment, at);
    const balance = byOwner.get(segment.owner.id) ?? {
      id: segment.owner.id,
      kind: segment.kind,
      name: segment.owner.name,
      creditType: segment.creditType,
      granted: ZERO,
      used: ZERO,
      remaining: ZERO,
      segments: [],
    };
    balance.granted = balance.granted.plus(segmentBalance.granted);
    balance.used = balance.used.plus(segmentBalance.used);
    balance.remaining = balance.remaining.plus(segmentBalance.remaining);
    balance.segments.push(segmentBalance);
    if (
      segmentBalance.remaining.gt(0) &&
      (balance.expiresAt === undefined || segmentBalance.endingBefore < balance.expiresAt)
    ) {
      balance.expiresAt = segmentBalance.endingBefore;
    }
    byOwner.set(segment.owner.id, balance);
  }
  return [...byOwner.values()];
}
