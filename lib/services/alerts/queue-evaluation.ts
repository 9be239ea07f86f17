import type { Prisma } from "@/lib/db/generated/client";

/**
 * Marks the alert's customers (one, or every live customer) `evaluating`, whatever they were, so
 * the evaluation job settles them from scratch on its next pass: one statement, however many
 * customers.
 */
export async function queueEvaluation(tx: Prisma.TransactionClient, alertId: string, customerId: string | null, now: Date): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO customer_alert_state (customer_id, alert_id, status, last_value, evaluated_at, changed_at)
     SELECT c.id, $1::uuid, 'evaluating', NULL, $2::timestamptz, $2::timestamptz FROM customer c
     WHERE c.archived_at IS NULL AND ($3::uuid IS NULL OR c.id = $3::uuid)
     ON CONFLICT (customer_id, alert_id) DO UPDATE SET status = 'evaluating', last_value = NULL, evaluated_at = EXCLUDED.evaluated_at, changed_at = EXCLUDED.changed_at`,
    alertId,
    now.toISOString(),
    customerId,
  );
}
