import { explainRefusal } from "@/lib/billing/errors";
import type { BillingCycleTerms } from "@/lib/billing/periods";
import { recurringGrants, recurringHorizon, type ProrationRounding, type RecurringBalance, type RecurringGrant } from "@/lib/billing/recurring-balances";
import type { CreditType } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { QUEUE } from "@/lib/services/billing-state/queue-refreshes";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { copySpecifiers } from "./specifiers";

// The balances recurring commits and credits grant, written as ordinary commit rows (one per
// period: recurring_commit_id, recurrence_index) so that drafts, balances, the portal and the
// stored billing state read them like any other. Which ones, for which dates and amounts, is the
// engine's rule (lib/billing/recurring-balances.ts).
//
// Ahead of time: up to two periods past the one in progress (all of them when the end, its own or
// the contract's, is nearer), and the billing-state job grants further when the next period
// begins (extend_at). So every balance a read at any instant can touch — the period in progress,
// the next — is a row already, with a period's slack should the job run late; a long contract
// does not write years of rows up front.
//
// A change of the contract's end regrants what it changes, as Metronome does for its recurring
// commits: balances not yet begun follow (removed past the new end, the new last one prorated);
// a balance already begun, or drawn on, or invoiced stays as it was granted.

type Tx = Prisma.TransactionClient;
type RecurringRow = Prisma.RecurringCommitGetPayload<object>;
type Granted = { id: string; recurrenceIndex: number | null; touched: boolean; startingAt: Date | undefined };

type StoredRounding = { access?: { decimal_places: number; rounding_method: ProrationRounding["roundingMethod"] }; invoice?: StoredRounding["access"] };

const rounding = (r: StoredRounding["access"]): ProrationRounding | undefined => (r ? { decimalPlaces: r.decimal_places, roundingMethod: r.rounding_method } : undefined);

/** The recurring commit or credit as the engine reads it. */
export function toRecurringBalance(row: RecurringRow, creditTypes: ReadonlyMap<string, CreditType>): RecurringBalance {
  const stored = (row.prorationRounding ?? {}) as StoredRounding;
  const invoice = row.invoiceUnitPrice !== null && row.invoiceQuantity !== null ? fromDb(row.invoiceUnitPrice).times(fromDb(row.invoiceQuantity)) : undefined;
  return {
    startingAt: row.startingAt,
    ...(row.endingBefore ? { endingBefore: row.endingBefore } : {}),
    accessAmount: fromDb(row.accessUnitPrice).times(fromDb(row.accessQuantity)),
    creditType: creditTypes.get(row.creditTypeId)!,
    ...(invoice ? { invoiceAmount: invoice, invoiceCreditType: creditTypes.get(row.invoiceCreditTypeId!)! } : {}),
    commitDuration: row.commitDuration,
    proration: row.proration,
    ...(row.recurrenceFrequency ? { recurrenceFrequency: row.recurrenceFrequency } : {}),
    ...(stored.access ? { accessRounding: rounding(stored.access) } : {}),
    ...(stored.invoice ? { invoiceRounding: rounding(stored.invoice) } : {}),
  };
}

/** Where a request named it: `recurring_commits.1` (the request's order, as stored). */
export function recurringField(rows: readonly RecurringRow[], row: RecurringRow): string {
  const sameKind = rows.filter((r) => r.kind === row.kind && r.editId === row.editId);
  return `${row.kind === "COMMIT" ? "recurring_commits" : "recurring_credits"}.${sameKind.indexOf(row)}`;
}

const sameGrant = (a: RecurringGrant, b: RecurringGrant) =>
  a.access.startingAt.getTime() === b.access.startingAt.getTime() &&
  a.access.endingBefore.getTime() === b.access.endingBefore.getTime() &&
  a.amount.eq(b.amount) &&
  (a.invoiceAmount?.toString() ?? "") === (b.invoiceAmount?.toString() ?? "");

async function writeGrant(tx: Tx, row: RecurringRow, grant: RecurringGrant) {
  await tx.commit.create({
    data: {
      customerId: row.customerId,
      contractId: row.contractId,
      kind: row.kind,
      type: row.kind === "COMMIT" ? "PREPAID" : null,
      name: row.name,
      description: row.description,
      productId: row.productId,
      creditTypeId: row.creditTypeId,
      applicableProductIds: row.applicableProductIds,
      applicableProductTags: row.applicableProductTags,
      specifiers: copySpecifiers(row.specifiers),
      priority: row.priority,
      rolloverFraction: row.rolloverFraction,
      editId: row.editId,
      recurringCommitId: row.id,
      recurrenceIndex: grant.index,
      // As Metronome dates a recurring commit's: its service period's start.
      createdAt: grant.period.startingAt,
      segments: { create: [{ customerId: row.customerId, amount: toDb(grant.amount), startingAt: grant.access.startingAt, endingBefore: grant.access.endingBefore }] },
      ...(grant.invoiceAmount !== undefined
        ? { invoiceSchedule: { create: [{ customerId: row.customerId, timestamp: grant.period.startingAt, quantity: "1", unitPrice: toDb(grant.invoiceAmount), amount: toDb(grant.invoiceAmount) }] } }
        : {}),
    },
  });
}

/**
 * Writes the balances the contract's recurring commits and credits grant as of `now` that are
 * not rows yet. With `previousEnd` (the contract's end before a change of it), balances not yet
 * begun that the change alters are granted again.
 */
export async function grantRecurringBalances(tx: Tx, contractId: string, now: Date, previousEnd?: Date | null): Promise<void> {
  // One writer at a time per contract (an edit and the job may meet here).
  await tx.$queryRawUnsafe(`SELECT id FROM recurring_commit WHERE contract_id = $1::uuid ORDER BY id FOR UPDATE`, contractId);
  const rows = await tx.recurringCommit.findMany({ where: { contractId }, orderBy: [{ createdAt: "asc" }, { position: "asc" }] });
  if (rows.length === 0) return;
  const contract = await tx.contract.findUniqueOrThrow({
    where: { id: contractId },
    select: { startingAt: true, endingBefore: true, usageStatementFrequency: true, usageStatementDay: true, billingAnchorDate: true },
  });
  const terms: BillingCycleTerms = {
    startingAt: contract.startingAt,
    ...(contract.endingBefore ? { endingBefore: contract.endingBefore } : {}),
    usageStatementSchedule: { frequency: contract.usageStatementFrequency, day: contract.usageStatementDay, ...(contract.billingAnchorDate ? { billingAnchorDate: contract.billingAnchorDate } : {}) },
  };
  const before: BillingCycleTerms | undefined = previousEnd === undefined ? undefined : { ...terms, endingBefore: previousEnd ?? undefined };
  const creditTypes = await readCreditTypes(tx, rows.flatMap((r) => [r.creditTypeId, ...(r.invoiceCreditTypeId ? [r.invoiceCreditTypeId] : [])]));
  const granted = await grantedOf(tx, rows.map((r) => r.id));
  for (const row of rows) {
    const field = recurringField(rows, row);
    const recurring = toRecurringBalance(row, creditTypes);
    const { horizon, grants } = explainRefusal({ field }, () => {
      const horizon = recurringHorizon(recurring, terms, now);
      return { horizon, grants: recurringGrants(recurring, terms, horizon.until, field) };
    });
    const wanted = new Map(grants.map((g) => [g.index, g]));
    const had = new Map((granted.get(row.id) ?? []).map((g) => [g.recurrenceIndex!, g]));
    if (before) {
      // What the old end granted, to tell what the change alters from what someone edited since.
      const old = new Map(recurringGrants(recurring, before, recurringHorizon(recurring, before, now).until, field).map((g) => [g.index, g]));
      for (const [index, existing] of had) {
        const was = old.get(index);
        const next = wanted.get(index);
        const altered = !was || !next || !sameGrant(was, next);
        const begun = existing.startingAt === undefined || existing.startingAt <= now;
        if (!altered || begun || existing.touched) continue;
        await tx.commit.delete({ where: { id: existing.id } });
        had.delete(index);
      }
    }
    for (const grant of grants) if (!had.has(grant.index)) await writeGrant(tx, row, grant);
    await tx.recurringCommit.update({ where: { id: row.id }, data: { grantedUntil: horizon.until, extendAt: horizon.extendAt ?? null } });
  }
}

/** The balances already granted, with whether anything has drawn on or invoiced them. */
async function grantedOf(tx: Tx, recurringIds: string[]): Promise<Map<string, Granted[]>> {
  const commits = await tx.commit.findMany({
    where: { recurringCommitId: { in: recurringIds } },
    select: { id: true, recurringCommitId: true, recurrenceIndex: true, segments: { select: { startingAt: true } }, invoiceSchedule: { select: { invoiceId: true } }, _count: { select: { ledger: true } } },
  });
  const byRecurring = new Map<string, Granted[]>();
  for (const c of commits) {
    const list = byRecurring.get(c.recurringCommitId!) ?? [];
    list.push({
      id: c.id,
      recurrenceIndex: c.recurrenceIndex,
      touched: c._count.ledger > 0 || c.invoiceSchedule.some((i) => i.invoiceId !== null),
      startingAt: c.segments.map((s) => s.startingAt).sort((a, b) => a.getTime() - b.getTime())[0],
    });
    byRecurring.set(c.recurringCommitId!, list);
  }
  return byRecurring;
}

/** Contracts extended per pass. */
const CONTRACTS_PER_PASS = 200;

/**
 * The billing-state job's step: grants the next balances of open-ended recurring commits and
 * credits whose next period has begun by `now`, and queues their customers' stored state for a
 * refresh. True when more are due.
 */
export async function extendRecurringBalances(db: PrismaClient, now: Date): Promise<boolean> {
  const due = await db.recurringCommit.findMany({
    where: { extendAt: { lte: now }, contract: { archivedAt: null } },
    distinct: ["contractId"],
    orderBy: { contractId: "asc" },
    take: CONTRACTS_PER_PASS,
    select: { contractId: true, customerId: true },
  });
  for (const { contractId, customerId } of due) {
    await db.$transaction(
      async (tx) => {
        await grantRecurringBalances(tx, contractId, now);
        await tx.$executeRawUnsafe(QUEUE(`SELECT $1::uuid`), customerId);
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
  }
  return due.length === CONTRACTS_PER_PASS;
}
