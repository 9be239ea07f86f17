import { randomBytes, randomUUID } from "node:crypto";
import { rechargeAccess, rechargeAmount, rechargeableBalance, rechargeInvoiceAmount, type HeldBalance, type RechargeRule } from "@/lib/billing/auto-recharge";
import { ZERO, type Decimal } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { recordAudit } from "@/lib/services/audit/record-audit";
import { balanceState, type BalanceState } from "@/lib/services/balances/balance-state";
import { systemActor } from "@/lib/services/context";
import { COMMIT_SELECT, liveCommitsOf, type CommitRow } from "@/lib/services/contracts/contract-record";
import { issueDueScheduledInvoices } from "@/lib/services/invoices/issue-scheduled-invoices";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";

// Auto-recharge, as the billing-state job runs it after a refresh (lib/billing/auto-recharge.ts
// has the rule). Exactly once per crossing, however many refreshes evaluate it at once: the
// recharge runs under the configuration's row lock and evaluates the balance again from scratch
// inside it, so a second evaluation waits for the first and then sees the recharged balance;
// and each recharge takes the next number of its contract under a unique key. The commit, its
// invoice (issued at once: payment is not gated), the audit entry (which queues the customer's
// refresh) and the webhook event are one transaction.

export const RECHARGE_ACTOR = systemActor("auto-recharge");
/** A recharge commit's priority when the configuration gives none (Metronome's default). */
export const DEFAULT_RECHARGE_PRIORITY = "100";

type Tx = Prisma.TransactionClient;

/**
 * A recharge commit's id: a UUID in the version-7 layout that sorts by the instant of the
 * recharge, then its number. Two recharges of one hour are alike but for their amounts (same
 * priority, start and end), so the draw order comes down to their ids: this makes it the order
 * they were bought in, as a finance team would expect.
 */
export function rechargeCommitId(now: Date, sequence: number): string {
  const ms = now.getTime().toString(16).padStart(12, "0");
  const seq = (sequence & 0xfff).toString(16).padStart(3, "0");
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  const r = random.toString("hex");
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${seq}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
}
type Config = Awaited<ReturnType<Tx["prepaidBalanceThreshold"]["findUniqueOrThrow"]>>;

export type Recharge = { contractId: string; commitId: string; invoiceId: string | null; sequence: number; balanceBefore: Decimal; amount: Decimal };

/** The customer's live commits and credits as the rule weighs them, from a balance state at the instant evaluated. */
export function heldBalances(rows: readonly CommitRow[], state: BalanceState | null): HeldBalance[] {
  return rows.map((r) => ({
    contractId: r.contractId,
    kind: r.kind === "CREDIT" ? "CREDIT" : (r.type ?? "PREPAID"),
    creditTypeId: r.creditTypeId,
    remaining: state?.balances.get(r.id)?.remaining ?? ZERO,
  }));
}

export function ruleOf(config: Pick<Config, "thresholdAmount" | "rechargeToAmount">, creditType: RechargeRule["creditType"]): RechargeRule {
  return { thresholdAmount: fromDb(config.thresholdAmount), rechargeToAmount: fromDb(config.rechargeToAmount), creditType };
}

/** What the contract may draw now, counting what its open drafts draw (as the balances show it). */
async function balanceNow(tx: Tx, customerId: string, contractId: string, creditTypeId: string, now: Date): Promise<Decimal> {
  const rows = await tx.commit.findMany({ where: liveCommitsOf(customerId), select: COMMIT_SELECT });
  const state = rows.length ? await balanceState(tx, customerId, rows, now, true) : null;
  return rechargeableBalance(heldBalances(rows, state), contractId, creditTypeId);
}

/**
 * Buys the contract's recharge if its balance is at or below the threshold now; null when it is
 * not (or the configuration is disabled, or the contract not live at `now`).
 */
export async function rechargeContract(db: PrismaClient, contractId: string, now: Date): Promise<Recharge | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM prepaid_balance_threshold WHERE contract_id = ${contractId}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      const config = await tx.prepaidBalanceThreshold.findUniqueOrThrow({ where: { id: locked[0]!.id } });
      if (!config.isEnabled) return null;
      const contract = await tx.contract.findUniqueOrThrow({ where: { id: contractId }, select: { customerId: true, startingAt: true, endingBefore: true, archivedAt: true } });
      if (contract.archivedAt || contract.startingAt > now || (contract.endingBefore && contract.endingBefore <= now)) return null;
      const creditType = (await readCreditTypes(tx, [config.creditTypeId])).get(config.creditTypeId)!;
      const balanceBefore = await balanceNow(tx, contract.customerId, contractId, config.creditTypeId, now);
      const amount = rechargeAmount(ruleOf(config, creditType), balanceBefore);
      if (!amount) return null;
      return buy(tx, config, contract, balanceBefore, amount, rechargeInvoiceAmount(amount, config.paymentFraction && fromDb(config.paymentFraction), creditType), now);
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}

async function buy(tx: Tx, config: Config, contract: { customerId: string; endingBefore: Date | null }, balanceBefore: Decimal, amount: Decimal, invoiced: Decimal, now: Date): Promise<Recharge> {
  const { customerId, contractId } = config;
  const access = rechargeAccess(now, contract.endingBefore);
  const sequence = (await tx.autoRecharge.count({ where: { contractId } })) + 1;
  // The change that adds the commit is the recharge itself: its id stands as the commit's edit
  // id, so v1 reads show the commit in `current` and not among the contract's initial terms.
  const id = randomUUID();
  const commit = await tx.commit.create({
    data: {
      id: rechargeCommitId(now, sequence),
      customerId,
      contractId,
      editId: id,
      kind: "COMMIT",
      type: "PREPAID",
      name: config.name,
      description: config.description,
      productId: config.productId,
      creditTypeId: config.creditTypeId,
      applicableProductIds: config.applicableProductIds,
      applicableProductTags: config.applicableProductTags,
      priority: config.priority ?? DEFAULT_RECHARGE_PRIORITY,
      segments: { create: [{ customerId, amount: toDb(amount), ...access }] },
      // Bought now, billed on a SCHEDULED invoice issued below.
      invoiceSchedule: { create: [{ customerId, timestamp: now, quantity: "1", unitPrice: toDb(invoiced), amount: toDb(invoiced) }] },
    },
    select: { id: true },
  });
  const issued = await issueDueScheduledInvoices(tx, customerId, contractId, now, RECHARGE_ACTOR);
  const invoiceId = issued.get(now.toISOString()) ?? null;
  await tx.autoRecharge.create({ data: { id, customerId, contractId, sequence, commitId: commit.id, invoiceId, balanceBefore: toDb(balanceBefore), amount: toDb(amount) } });
  const after = {
    contract_id: contractId,
    commit_id: commit.id,
    invoice_id: invoiceId,
    sequence,
    balance_before: balanceBefore.toFixed(),
    amount: amount.toFixed(),
    invoiced_amount: invoiced.toFixed(),
    threshold_amount: fromDb(config.thresholdAmount).toFixed(),
    recharge_to_amount: fromDb(config.rechargeToAmount).toFixed(),
    credit_type_id: config.creditTypeId,
  };
  await recordAudit(tx, RECHARGE_ACTOR, { action: "contract.auto_recharge", objectType: "contract", objectId: contractId, customerId, after });
  // Metronome's notification when a contract's prepaid balance reaches its threshold.
  await tx.outboxEvent.create({ data: { type: "payment_gate.threshold_reached", payload: { customer_id: customerId, ...after, payment_gate_type: "NONE" } } });
  return { contractId, commitId: commit.id, invoiceId, sequence, balanceBefore, amount };
}
