import type { PrismaClient } from "@/lib/db/generated/client";
import { committedSeq, loadTargets, lockRollups } from "./catalog";
import { rollupCtes } from "./rollup-sql";
import { SqlParams } from "./sql-params";

// Folds newly ingested events into the hourly rollups, a seq range at a time, for every live
// metric. Ingest never writes rollups itself, so concurrent ingests never queue on the same
// rollup rows; reads add the events past rolled_seq from usage_event, so nothing waits for this.

export const ROLLUP_CHUNK = 50_000n;

/** Folds in one chunk; returns true when more committed events are waiting. */
export async function rollUpNewEvents(db: PrismaClient, chunk = ROLLUP_CHUNK): Promise<boolean> {
  const committed = await committedSeq(db);
  return db.$transaction(
    async (tx) => {
      const from = await lockRollups(tx);
      if (committed <= from) return false;
      const to = committed - from > chunk ? from + chunk : committed;
      const targets = await loadTargets(tx);
      const params = new SqlParams();
      const src = `SELECT transaction_id, seq, customer_id, event_type, "timestamp", properties FROM usage_event
        WHERE seq > ${params.add(from.toString(), "bigint")} AND seq <= ${params.add(to.toString(), "bigint")} AND customer_id IS NOT NULL`;
      const ctes = rollupCtes(targets, params);
      params.values.push(to.toString());
      await tx.$queryRawUnsafe(
        `WITH src AS (${src})${ctes ? `,\n${ctes}` : ""},
         advanced AS (UPDATE metering_catalog SET rolled_seq = $${params.values.length}::bigint WHERE id = 1 RETURNING 1)
         SELECT 1`,
        ...params.values,
      );
      return to < committed;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** Folds in everything committed so far. */
export async function rollUpAll(db: PrismaClient): Promise<void> {
  while (await rollUpNewEvents(db));
}
