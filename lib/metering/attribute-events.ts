import type { Prisma } from "@/lib/db/generated/client";
import { loadTargets, changeCatalog } from "./catalog";
import { rollupCtes } from "./rollup-sql";
import { SqlParams } from "./sql-params";

/**
 * Gives a customer the events that were sent under `aliases` before any customer had them, and
 * rolls those events up for every live metric. Call it in the transaction that assigns the
 * aliases: it takes the catalog lock, so no ingest is resolving aliases meanwhile.
 * Returns how many events were attributed.
 */
export async function attributeAliasEvents(tx: Prisma.TransactionClient, customerId: string, aliases: string[]): Promise<number> {
  await changeCatalog(tx);
  if (aliases.length === 0) return 0;
  const params = new SqlParams();
  const targets = await loadTargets(tx);
  const src = `UPDATE usage_event e SET customer_id = ${params.add(customerId, "uuid")}
    WHERE e.customer_id IS NULL AND e.customer_alias = ANY(${params.textArray(aliases)})
    RETURNING e.transaction_id, e.seq, e.customer_id, e.event_type, e."timestamp", e.properties`;
  const ctes = rollupCtes(targets, params);
  const [row] = await tx.$queryRawUnsafe<{ attributed: bigint }[]>(
    `WITH src AS (${src})${ctes ? `,\n${ctes}` : ""}\nSELECT count(*) AS attributed FROM src`,
    ...params.values,
  );
  return Number(row?.attributed ?? 0);
}
