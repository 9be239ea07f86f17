import type { Prisma } from "@/lib/db/generated/client";
import { QUEUE } from "@/lib/services/billing-state/queue-refreshes";

/**
 * Marks the alert's customers (one, or every live customer) `evaluating`, whatever they were, and
 * queues them for the billing-state refresh, which evaluates their alerts from scratch
 * (evaluate-alerts.ts): two statements, however many customers.
 */
export async function queueEvaluation(tx: Prisma.TransactionClient, alertId: string, customerId: string | null, now: Date): Promise<void> {
  const covered = `SELECT c.id FROM customer c WHERE c.archived_at IS NULL AND ($1::uuid IS NULL OR c.id = $1::uuid)`;
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_alert_state (customer_id, alert_id, status, last_value, evaluated_at, changed_at)
     SELECT id, $2::uuid, 'evaluating', NULL, $3::timestamptz, $3::timestamptz FROM (${covered}) covered
     ON CONFLICT (customer_id, alert_id) DO UPDATE SET status = 'evaluating', last_value = NULL, evaluated_at = EXCLUDED.evaluated_at, changed_at = EXCLUDED.changed_at`,
    customerId,
    alertId,
    now.toISOString(),
  );
  await tx.$executeRawUnsafe(QUEUE(`SELECT id FROM (${covered}) covered`), customerId);
}
