import type { Prisma } from "@/lib/db/generated/client";
import { loadTargets, lockCatalogExclusive } from "./catalog";
import { rollupCtes } from "./rollup-sql";
import { SqlParams } from "./sql-params";

/**
 * Gives a customer the events that were sent under `aliases` before any customer had them.
 * Those the rollup job already passed over (seq ≤ rolled_seq) are rolled up here; later ones
 * are the job's. Call it in the transaction that assigns the aliases: it takes both catalog
 * locks, so no ingest resolves aliases and no rollup is written meanwhile.
 * Returns how many events were attributed.
 */
export async function attributeAliasEvents(tx: Prisma.TransactionClient, customerId: string, aliases: string[]): Promise<number> {
  const rolled = await lockCatalogExclusive(tx);
  if (aliases.length === 0) return 0;
  const params = new SqlParams();
  const targets = await loadTargets(tx);
  const attributed = `UPDATE usage_event e SET customer_id = ${params.add(customerId, "uuid")}
    WHERE e.customer_id IS NULL AND e.customer_alias = ANY(${params.textArray(aliases)})
    RETURNING e.transaction_id, e.seq, e.customer_id, e.event_type, e."timestamp", e.properties`;
  const src = `SELECT * FROM attributed WHERE seq <= ${params.add(rolled.toString(), "bigint")}`;
  const ctes = rollupCtes(targets, params);
  const [row] = await tx.$queryRawUnsafe<{ attributed: bigint }[]>(
    `WITH attributed AS (${attributed}), src AS (${src})${ctes ? `,\n${ctes}` : ""}\nSELECT count(*) AS attributed FROM attributed`,
    ...params.values,
  );
  return Number(row?.attributed ?? 0);
}
