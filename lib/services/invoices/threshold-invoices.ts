import { randomUUID } from "node:crypto";
import { Decimal } from "@/lib/billing/decimal";
import { inProgress, thresholdCharge } from "@/lib/billing/threshold-billing";
import type { LineItem } from "@/lib/billing/types";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { systemActor } from "@/lib/services/context";
import { lineItemRows } from "./invoice-record";
import type { OpenDraft } from "./open-draft";
import { computeOpenDrafts, listOpenContracts } from "./open-drafts";

// Spend threshold billing's I/O (the rule: lib/billing/threshold-billing.ts). When a refresh of
// the stored billing state finds a contract's draft at or past its threshold, billCrossing
// issues the THRESHOLD invoice: a FINALIZED invoice at `now` with one commit purchase line, and
// the prepaid commit it buys (drawn after every other balance, usable in the period), so the
// usage draft draws the spend down and bills it no more.
//
// Exactly once per crossing, however many refreshes (servers, jobs) see it at once: the
// contract's contract_spend_threshold row is locked first, and the draft is priced again under
// the lock, reading what every earlier crossing committed (the commit it bought is a contract
// term: writing it moves the catalog version, so no cached terms hide it). A refresh that finds
// the row locked leaves the crossing to the holder rather than wait with a connection held (a
// pool full of waiters would starve the holder's own reads): the holder's commit queues the
// customer again, so spend it did not see is priced by the next refresh. The invoice's
// idempotency key (threshold:<contract>:<period start>:<n>) is unique besides.

export const THRESHOLD_ACTOR = systemActor("spend threshold");

/** The webhook announcing a threshold invoice (besides its invoice.finalized). */
export const THRESHOLD_EVENT = "threshold_billing.invoice_issued";

type Tx = Prisma.TransactionClient;
type Config = { contractId: string; customerId: string; productId: string; name: string | null; description: string | null; isEnabled: boolean; thresholdAmount: Decimal };

/** The period in progress's usage draft of the contract among the customer's open drafts. */
export function currentDraft(drafts: readonly OpenDraft[], contractId: string, now: Date): OpenDraft | undefined {
  return drafts.find((d) => d.type === "USAGE" && d.billing.row.id === contractId && inProgress(d.invoice, now));
}

/** Whether the contract's draft, as a refresh priced it, is at its threshold (the refresh then calls billCrossing). */
export function crossesThreshold(config: Pick<Config, "isEnabled" | "thresholdAmount">, drafts: readonly OpenDraft[], contractId: string, now: Date): boolean {
  const draft = currentDraft(drafts, contractId, now);
  return draft !== undefined && thresholdCharge(config, draft.invoice) !== null;
}

/** The enabled thresholds of these customers' contracts. */
export async function readEnabledThresholds(db: PrismaClient | Tx, customerIds: readonly string[]): Promise<Config[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.contractSpendThreshold.findMany({
    where: { customerId: { in: [...customerIds] }, isEnabled: true, contract: { archivedAt: null } },
    select: { contractId: true, customerId: true, productId: true, name: true, description: true, isEnabled: true, thresholdAmount: true },
  });
  return rows.map((r) => ({ ...r, thresholdAmount: fromDb(r.thresholdAmount) }));
}

/**
 * Issues the contract's THRESHOLD invoice if its draft still reaches the threshold when priced
 * under the lock; returns the invoice's id, or null when there was nothing (left) to bill or
 * another transaction holds the lock (and bills it).
 */
export async function billCrossing(db: PrismaClient, contractId: string, now: Date): Promise<string | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ contract_id: string }[]>(`SELECT contract_id::text FROM contract_spend_threshold WHERE contract_id = $1::uuid FOR UPDATE SKIP LOCKED`, contractId);
      if (locked.length === 0) return null;
      const config = await tx.contractSpendThreshold.findUniqueOrThrow({
        where: { contractId },
        select: { contractId: true, customerId: true, productId: true, name: true, description: true, isEnabled: true, thresholdAmount: true, contract: { select: { archivedAt: true } } },
      });
      if (!config.isEnabled || config.contract.archivedAt) return null;
      const terms = { isEnabled: config.isEnabled, thresholdAmount: fromDb(config.thresholdAmount) };
      // Terms read in this transaction (not shared in-flight loads that wait for a connection).
      const listing = (await listOpenContracts(tx, [config.customerId], now)).get(config.customerId);
      const draft = currentDraft(await computeOpenDrafts(tx, config.customerId, now, { listing }), contractId, now);
      const amount = draft ? thresholdCharge(terms, draft.invoice) : null;
      if (!draft || amount === null) return null;
      return issue(tx, { ...config, ...terms }, draft, amount, now);
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}

async function issue(tx: Tx, config: Config, draft: OpenDraft, amount: Decimal, now: Date): Promise<string> {
  const { contractId, customerId } = config;
  const period = draft.invoice;
  const creditType = period.creditType;
  const earlier = await tx.invoice.count({ where: { contractId, type: "THRESHOLD", startTimestamp: { gte: period.startingAt, lt: period.endingBefore } } });
  const id = randomUUID();
  const idempotencyKey = `threshold:${contractId}:${period.startingAt.toISOString()}:${earlier + 1}`;
  const inserted = await tx.invoice.createManyAndReturn({
    data: [
      {
        id,
        customerId,
        contractId,
        type: "THRESHOLD",
        status: "FINALIZED",
        creditTypeId: creditType.id,
        startTimestamp: now,
        endTimestamp: now,
        issuedAt: now,
        finalizedAt: now,
        subtotal: toDb(amount),
        total: toDb(amount),
        idempotencyKey,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (inserted.length === 0) throw new Error(`threshold invoice ${idempotencyKey} exists already though the contract's threshold was locked`);
  const productName = draft.pricing.products.get(config.productId)?.name ?? (await tx.productVersion.findFirst({ where: { productId: config.productId }, orderBy: { startingAt: "desc" }, select: { name: true } }))?.name ?? "";
  const commit = await tx.commit.create({
    data: {
      customerId,
      contractId,
      kind: "COMMIT",
      type: "PREPAID",
      name: config.name,
      description: config.description,
      productId: config.productId,
      creditTypeId: creditType.id,
      applicableProductIds: [],
      applicableProductTags: [],
      thresholdBilling: true,
      segments: { create: [{ customerId, amount: toDb(amount), startingAt: period.startingAt, endingBefore: period.endingBefore }] },
    },
    select: { id: true },
  });
  const line: LineItem = {
    type: "COMMIT_PURCHASE",
    name: config.name ?? productName,
    productId: config.productId,
    commitId: commit.id,
    commitType: "PREPAID",
    startingAt: now,
    endingBefore: now,
    quantity: new Decimal(1),
    unitPrice: amount,
    creditType,
    total: amount,
  };
  await tx.invoiceLineItem.createMany({ data: lineItemRows(customerId, [line]).map((row) => ({ ...row, invoiceId: id })) });
  const after = { id, customer_id: customerId, contract_id: contractId, type: "THRESHOLD", commit_id: commit.id, credit_type_id: creditType.id, total: amount, period_start: period.startingAt, threshold_amount: config.thresholdAmount };
  await recordAudit(tx, THRESHOLD_ACTOR, { action: "invoice.finalize", objectType: "invoice", objectId: id, customerId, after });
  const payload = { invoice_id: id, customer_id: customerId, contract_id: contractId, credit_type_id: creditType.id, total: amount.toFixed() };
  await tx.outboxEvent.createMany({
    data: [
      { type: "invoice.finalized", payload: { ...payload, invoice_type: "THRESHOLD" } },
      { type: THRESHOLD_EVENT, payload: { ...payload, commit_id: commit.id, threshold_amount: config.thresholdAmount.toFixed(), payment_gate_type: "NONE" } },
    ],
  });
  return id;
}

/**
 * Voiding a THRESHOLD invoice takes back the commit it bought (archived: the drafts' draws on it
 * become unbilled spend again, billed at the next crossing or at the period's close). A finalized
 * invoice that drew on the commit never changes, so then the void is refused: void that one first.
 */
export async function releaseThresholdCommit(tx: Tx, invoiceId: string, now: Date): Promise<void> {
  const lines = await tx.invoiceLineItem.findMany({ where: { invoiceId, commitId: { not: null } }, select: { commitId: true } });
  const commitIds = lines.map((l) => l.commitId!);
  // Entries of voided invoices are deleted with the void: those left belong to finalized ones.
  const drawn = await tx.ledgerEntry.findFirst({ where: { commitId: { in: commitIds }, invoiceId: { not: null } }, select: { invoiceId: true } });
  if (drawn) {
    throw new AppError("conflict", `Invoice ${invoiceId} bought a commit that finalized invoice ${drawn.invoiceId} drew on; void that invoice first.`);
  }
  await tx.commit.updateMany({ where: { id: { in: commitIds }, thresholdBilling: true, archivedAt: null }, data: { archivedAt: now } });
}
