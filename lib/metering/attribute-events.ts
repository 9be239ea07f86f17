import type { Prisma } from "@/lib/db/generated/client";
import { loadTargets, lockCatalogExclusive } from "./catalog";
import { recordRollupFailure, writeIsolated } from "./rollup-isolation";
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
  // A metric whose rollup fails here (see rollup-isolation) does not count these events, says so
  // on the metric, and the aliases are assigned all the same.
  const { result, failed } = await writeIsolated(tx, await loadTargets(tx), async (targets) => {
    const params = new SqlParams();
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
  });
  for (const { target, reason } of failed) await recordRollupFailure(tx, target.metric.id, `${reason} (events given to customer ${customerId} by an alias not counted)`);
  return result;
}
