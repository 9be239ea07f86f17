import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

export type NewEvent = {
  transactionId: string;
  customerAlias: string;
  customerId: string | null;
  eventType: string;
  timestamp: Date;
  properties: Record<string, unknown>;
};

const BATCH = 5000;

/**
 * Stores events, one statement per batch: the batch travels as a single JSON parameter and is
 * unpacked by PostgreSQL, so PGlite and PostgreSQL run the same SQL. An event whose
 * transaction_id is already stored is skipped. Returns how many were new.
 */
export async function insertEvents(db: PrismaClient | Prisma.TransactionClient, events: NewEvent[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = events.slice(i, i + BATCH).map((e) => ({
      transaction_id: e.transactionId,
      customer_alias: e.customerAlias,
      customer_id: e.customerId,
      event_type: e.eventType,
      timestamp: e.timestamp.toISOString(),
      properties: e.properties,
    }));
    inserted += await db.$executeRaw`
      INSERT INTO usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties)
      SELECT transaction_id, customer_alias, customer_id, event_type, "timestamp", properties
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS e(transaction_id text, customer_alias text, customer_id uuid, event_type text, "timestamp" timestamptz, properties jsonb)
      ON CONFLICT (transaction_id) DO NOTHING`;
  }
  return inserted;
}
