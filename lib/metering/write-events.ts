import type { Prisma } from "@/lib/db/generated/client";
import { rollupCtes, type RollupTarget } from "./rollup-sql";
import { SqlParams } from "./sql-params";

export type EventRow = {
  transaction_id: string;
  customer_alias: string;
  customer_id: string | null;
  event_type: string;
  timestamp: string;
  properties: Record<string, unknown>;
};

/**
 * Inserts a batch of events and folds the new ones into the rollups, in one statement: the batch
 * travels as one JSON parameter, duplicates of stored events are skipped by the unique key
 * (so a retried or concurrent batch counts once), and only rows actually inserted reach the
 * rollups. Returns how many events were new. Call inside the transaction that holds the
 * catalog lock (lib/metering/catalog.ts) for `targets`.
 */
export async function writeEvents(tx: Prisma.TransactionClient, rows: EventRow[], targets: RollupTarget[]): Promise<number> {
  if (rows.length === 0) return 0;
  const params = new SqlParams();
  const batch = params.add(JSON.stringify(rows), "jsonb");
  const src = `INSERT INTO usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties)
    SELECT x.transaction_id, x.customer_alias, x.customer_id, x.event_type, x."timestamp", x.properties
    FROM jsonb_to_recordset(${batch}) AS x(transaction_id text, customer_alias text, customer_id uuid, event_type text, "timestamp" timestamptz, properties jsonb)
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id, seq, customer_id, event_type, "timestamp", properties`;
  const ctes = rollupCtes(targets, params);
  const [row] = await tx.$queryRawUnsafe<{ inserted: bigint }[]>(
    `WITH src AS (${src})${ctes ? `,\n${ctes}` : ""}\nSELECT count(*) AS inserted FROM src`,
    ...params.values,
  );
  return Number(row?.inserted ?? 0);
}
