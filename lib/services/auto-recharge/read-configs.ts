import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type RechargeConfig = Awaited<ReturnType<Db["prepaidBalanceThreshold"]["findUniqueOrThrow"]>>;

/** The contracts' auto-recharge configurations, by contract id (for the contract reads). */
export async function readRechargeConfigs(db: Db, contractIds: readonly string[]): Promise<Map<string, RechargeConfig>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db.prepaidBalanceThreshold.findMany({ where: { contractId: { in: [...contractIds] } } });
  return new Map(rows.map((r) => [r.contractId, r]));
}
