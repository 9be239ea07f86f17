import { rechargeAmount, rechargeableBalance } from "@/lib/billing/auto-recharge";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import type { CustomerStanding } from "@/lib/services/overview/customer-standing";
import { heldBalances, rechargeContract, type Recharge } from "./recharge-contract";

// Where the billing-state job meets auto-recharge: a refresh prices each queued customer (after
// its usage arrives, its contracts change, or time moves its balances), and the standing it
// prices shows whether a contract's balance has fallen to its threshold. Only those contracts
// are recharged, each evaluated again under its lock (recharge-contract.ts).

type Db = PrismaClient | Prisma.TransactionClient;

export type RechargeWatch = { contractId: string; creditTypeId: string; thresholdAmount: Prisma.Decimal; rechargeToAmount: Prisma.Decimal };

/** The enabled configurations of the customers, by customer. */
export async function readRechargeWatches(db: Db, customerIds: readonly string[]): Promise<Map<string, RechargeWatch[]>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.prepaidBalanceThreshold.findMany({
    where: { customerId: { in: [...customerIds] }, isEnabled: true },
    select: { customerId: true, contractId: true, creditTypeId: true, thresholdAmount: true, rechargeToAmount: true },
  });
  const byCustomer = new Map<string, RechargeWatch[]>();
  for (const { customerId, ...watch } of rows) byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), watch]);
  return byCustomer;
}

/** The contracts of `watches` whose balance in `standing` is at or below their threshold. */
export function dueRecharges(watches: readonly RechargeWatch[] | undefined, standing: CustomerStanding): string[] {
  if (!watches?.length) return [];
  const held = heldBalances(standing.rows, standing.state);
  return watches
    .filter((w) => rechargeAmount({ thresholdAmount: fromDb(w.thresholdAmount), rechargeToAmount: fromDb(w.rechargeToAmount) }, rechargeableBalance(held, w.contractId, w.creditTypeId)) !== null)
    .map((w) => w.contractId);
}

/**
 * Recharges each contract whose balance is still at or below its threshold. A contract that
 * cannot be recharged (its drafts cannot be priced) is reported and skipped: it must not hold
 * up the others, and its next refresh tries again.
 */
export async function runRecharges(db: PrismaClient, contractIds: readonly string[], now: Date): Promise<Recharge[]> {
  const done: Recharge[] = [];
  for (const contractId of contractIds) {
    try {
      const recharge = await rechargeContract(db, contractId, now);
      if (recharge) done.push(recharge);
    } catch (error) {
      console.error(`Auto-recharge of contract ${contractId} failed; its next refresh tries again.`, error);
    }
  }
  return done;
}
