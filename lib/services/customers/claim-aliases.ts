import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { attributeAliasEvents } from "@/lib/metering/attribute-events";
import { ZId } from "@/lib/services/zod-fields";

type Tx = Prisma.TransactionClient;

/**
 * Refuses aliases that already name another customer: another live customer's alias (archived
 * customers hold none), external id, or id — ingest accepts a customer's own id as an alias, so
 * an alias equal to it would make one event name two customers. The caller holds the catalog
 * lock, so no other transaction claims an alias between this check and the insert.
 */
async function assertAliasesFree(tx: Tx, customerId: string, aliases: string[]) {
  const ids = aliases.filter((alias) => ZId.safeParse(alias).success);
  const [aliasRows, customers] = await Promise.all([
    tx.customerAlias.findMany({
      where: { alias: { in: aliases }, customerId: { not: customerId } },
      select: { alias: true, customer: { select: { id: true, name: true } } },
      orderBy: { alias: "asc" },
    }),
    tx.customer.findMany({
      where: { id: { not: customerId }, OR: [{ externalId: { in: aliases } }, ...(ids.length ? [{ id: { in: ids } }] : [])] },
      select: { id: true, name: true, externalId: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const taken = [
    ...aliasRows.map((row) => ({ alias: row.alias, customer: row.customer })),
    ...customers.map((c) => ({ alias: aliases.includes(c.id) ? c.id : c.externalId!, customer: c })),
  ];
  if (taken.length === 0) return;
  const names = taken.map((t) => `“${t.alias}” is used by customer ${t.customer.name} (${t.customer.id})`);
  throw new AppError("conflict", `Ingest alias already in use: ${names.join("; ")}.`, { ingest_aliases: `“${taken[0]!.alias}” is already in use` });
}

/**
 * Gives a customer new ingest aliases, and with them the events sent under those aliases while
 * no customer had them. Call it inside the transaction that changes the customer, after
 * lockCatalogExclusive. Returns how many earlier events the customer gained.
 */
export async function claimAliases(tx: Tx, customerId: string, aliases: string[]): Promise<number> {
  await assertAliasesFree(tx, customerId, aliases);
  if (aliases.length) await tx.customerAlias.createMany({ data: aliases.map((alias) => ({ alias, customerId })) });
  // Called even with no new alias: it bumps the catalog version, which a removed alias needs too.
  return attributeAliasEvents(tx, customerId, aliases);
}
