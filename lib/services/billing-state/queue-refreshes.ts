import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { countOf } from "@/lib/db/count";

// How customers get into billing_refresh_queue besides the triggers on the audit log and the
// event pass: catalog changes (a rate card's rates, a product, a metric, a credit type) queue the
// customers on the rate cards they touch, and time queues customers whose stored state it moves
// (a period ends, a balance segment starts or ends: customer_billing_state.refresh_at).

type Tx = Prisma.TransactionClient;

/** Catalog requests handled per transaction. */
const REQUESTS_PER_PASS = 1000;
/** Customers queued by time per pass (at a month's start every monthly contract is due). */
const DUE_PER_PASS = 20_000;

/** Queues the customers `select` yields, in customer order as every writer of the queue takes its rows (no deadlocks between them). */
export const QUEUE = (select: string) =>
  `INSERT INTO billing_refresh_queue (customer_id) ${select} ORDER BY 1
   ON CONFLICT (customer_id) DO UPDATE SET gen = billing_refresh_queue.gen + 1`;

/** Turns pending catalog requests into queued customers; true when more are waiting. */
export async function queueRequestedRefreshes(db: PrismaClient): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const requests = await tx.$queryRawUnsafe<{ id: bigint; rate_card_id: string | null; product_id: string | null; metric_id: string | null; all_customers: boolean }[]>(
      `SELECT id, rate_card_id::text, product_id::text, metric_id::text, all_customers FROM billing_refresh_request ORDER BY id LIMIT ${REQUESTS_PER_PASS} FOR UPDATE SKIP LOCKED`,
    );
    if (requests.length === 0) return false;
    if (requests.some((r) => r.all_customers)) {
      await tx.$executeRawUnsafe(QUEUE(`SELECT id FROM customer WHERE archived_at IS NULL`));
    } else {
      await tx.$executeRawUnsafe(QUEUE(`SELECT DISTINCT customer_id FROM contract WHERE archived_at IS NULL AND rate_card_id = ANY($1::uuid[])`), await rateCardsTouched(tx, requests));
    }
    await tx.$executeRawUnsafe(`DELETE FROM billing_refresh_request WHERE id = ANY($1::bigint[])`, requests.map((r) => r.id.toString()));
    return requests.length === REQUESTS_PER_PASS;
  });
}

/** The rate cards that price what the requests name: a product through its rates, a metric through its products. */
async function rateCardsTouched(tx: Tx, requests: { rate_card_id: string | null; product_id: string | null; metric_id: string | null }[]): Promise<string[]> {
  const cards = new Set(requests.flatMap((r) => (r.rate_card_id ? [r.rate_card_id] : [])));
  const products = requests.flatMap((r) => (r.product_id ? [r.product_id] : []));
  const metrics = requests.flatMap((r) => (r.metric_id ? [r.metric_id] : []));
  if (products.length || metrics.length) {
    const rows = await tx.$queryRawUnsafe<{ rate_card_id: string }[]>(
      `SELECT DISTINCT rate_card_id::text FROM rate
       WHERE product_id = ANY($1::uuid[]) OR product_id IN (SELECT product_id FROM product_version WHERE billable_metric_id = ANY($2::uuid[]))`,
      products,
      metrics,
    );
    for (const row of rows) cards.add(row.rate_card_id);
  }
  return [...cards];
}

/** Queues the customers whose stored state time has moved by `at`; true when more are due. */
export async function queueDueRefreshes(db: PrismaClient, at: Date): Promise<boolean> {
  const due = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `WITH due AS (SELECT customer_id FROM customer_billing_state WHERE refresh_at <= $1::timestamptz ORDER BY refresh_at LIMIT ${DUE_PER_PASS}),
     cleared AS (UPDATE customer_billing_state s SET refresh_at = NULL FROM due WHERE s.customer_id = due.customer_id RETURNING 1),
     queued AS (${QUEUE(`SELECT customer_id FROM due`)} RETURNING 1)
     SELECT count(*) AS n FROM queued`,
    at.toISOString(),
  );
  return countOf(due[0]?.n) === DUE_PER_PASS;
}
