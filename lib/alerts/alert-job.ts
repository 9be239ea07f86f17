import type { PrismaClient } from "@/lib/db/generated/client";
import { committedSeq } from "@/lib/metering/catalog";
import { withLease } from "@/lib/server/job-lease";
import { ALERT_SELECT, toAlertRecord, type AlertRecord } from "@/lib/services/alerts/alert-record";
import { evaluateCustomer } from "./evaluate-customer";

// The alert evaluation job. Each pass evaluates only the customers something happened to since
// the pass before, so its cost follows the activity, not the number of customers:
// - customers marked `evaluating` (a new alert with evaluate_on_create, or a reset);
// - customers with usage events that arrived since (usage_event.seq past the last pass's);
// - customers whose balances, contracts, invoices or aliases changed: every such change is in
//   the audit log with its customer (read by created_at, with an overlap for transactions that
//   committed late, each entry counted once);
// - a few customers whose states are older than STALE_MS, oldest first, because time alone moves
//   some measures (a new billing period resets spend, a segment expires, a rate changes).
// Where it has got to lives in this process. A server's first pass (after a start, or the first
// time it wins the lease) cannot know where another server stopped, so it looks back over the
// last FIRST_PASS_EVENTS events and FIRST_PASS_AUDIT_MS of the audit log — bounded work that
// covers a handover — and the stale sweep covers anything older.

export const ALERT_LEASE = "alert evaluation";
const LEASE_TTL_MS = 60_000;
/** Customers evaluated per pass; the job runs again at once while more are waiting. */
const BATCH = 100;
const STALE_MS = 15 * 60_000;
const STALE_PER_PASS = 20;
/** How late an audited transaction may commit after its entry's created_at and still be seen. */
const AUDIT_OVERLAP_MS = 2 * 60_000;
const FIRST_PASS_EVENTS = 10_000n;
const FIRST_PASS_AUDIT_MS = 10 * 60_000;

type Cursor = { seq: bigint; auditSince: Date; seenAudit: Set<string> };

export type AlertPass = { evaluated: number; transitions: number; failures: { customerId: string; message: string }[]; more: boolean };

export class AlertEvaluator {
  private cursor: Cursor | undefined;
  private readonly pending = new Set<string>();

  /**
   * One pass as of `at` (the clock the measures use). Under the lease, `renew` extends it after
   * each customer, so only a server that stopped working loses it.
   */
  async pass(db: PrismaClient, at: Date, renew: () => Promise<void> = async () => {}): Promise<AlertPass> {
    const alerts = (await db.alert.findMany({ where: { archivedAt: null }, select: ALERT_SELECT, orderBy: { createdAt: "asc" } })).map(toAlertRecord);
    await this.collect(db, at, alerts);
    const global = alerts.filter((a) => a.customerId === null);
    const byCustomer = new Map<string, AlertRecord[]>();
    for (const alert of alerts) if (alert.customerId) byCustomer.set(alert.customerId, [...(byCustomer.get(alert.customerId) ?? []), alert]);

    const batch = [...this.pending].slice(0, BATCH);
    const live = new Set((await db.customer.findMany({ where: { id: { in: batch }, archivedAt: null }, select: { id: true } })).map((c) => c.id));
    const result: AlertPass = { evaluated: 0, transitions: 0, failures: [], more: false };
    for (const customerId of batch) {
      this.pending.delete(customerId);
      const covering = [...global, ...(byCustomer.get(customerId) ?? [])];
      if (!live.has(customerId) || covering.length === 0) continue;
      try {
        result.transitions += (await evaluateCustomer(db, customerId, covering, at)).length;
        result.evaluated++;
      } catch (error) {
        // One customer that cannot be priced (a broken contract) must not hold up the others;
        // the stale sweep tries it again.
        result.failures.push({ customerId, message: error instanceof Error ? error.message : String(error) });
      }
      await renew();
    }
    result.more = this.pending.size > 0;
    return result;
  }

  private async collect(db: PrismaClient, at: Date, alerts: readonly AlertRecord[]): Promise<void> {
    const [clock] = await db.$queryRawUnsafe<{ now: Date }[]>(`SELECT clock_timestamp() AS now`);
    const now = new Date(clock!.now);
    const seq = await committedSeq(db);
    const previous = this.cursor ?? {
      seq: seq > FIRST_PASS_EVENTS ? seq - FIRST_PASS_EVENTS : 0n,
      auditSince: new Date(now.getTime() - FIRST_PASS_AUDIT_MS),
      seenAudit: new Set<string>(),
    };
    this.cursor = { seq, auditSince: now, seenAudit: new Set() };
    if (alerts.length === 0) return;
    const liveIds = alerts.map((a) => a.id);

    const queued = await db.$queryRawUnsafe<{ customer_id: string }[]>(
      `SELECT DISTINCT s.customer_id::text AS customer_id FROM customer_alert_state s JOIN customer c ON c.id = s.customer_id
       WHERE s.status = 'evaluating' AND s.alert_id = ANY($1::uuid[]) AND c.archived_at IS NULL LIMIT ${BATCH * 10}`,
      liveIds,
    );
    for (const q of queued) this.pending.add(q.customer_id);

    if (seq > previous.seq) {
      const rows = await db.$queryRawUnsafe<{ customer_id: string }[]>(
        `SELECT DISTINCT customer_id::text AS customer_id FROM usage_event WHERE seq > $1::bigint AND seq <= $2::bigint AND customer_id IS NOT NULL`,
        previous.seq.toString(),
        seq.toString(),
      );
      for (const r of rows) this.pending.add(r.customer_id);
    }
    const audited = await db.auditLogEntry.findMany({
      where: { createdAt: { gt: new Date(previous.auditSince.getTime() - AUDIT_OVERLAP_MS) }, customerId: { not: null } },
      select: { id: true, customerId: true, createdAt: true },
    });
    for (const entry of audited) {
      if (entry.createdAt.getTime() > now.getTime() - AUDIT_OVERLAP_MS) this.cursor.seenAudit.add(entry.id);
      if (!previous.seenAudit.has(entry.id)) this.pending.add(entry.customerId!);
    }

    const stale = await db.$queryRawUnsafe<{ customer_id: string }[]>(
      `SELECT s.customer_id::text AS customer_id FROM customer_alert_state s JOIN customer c ON c.id = s.customer_id
       WHERE s.alert_id = ANY($1::uuid[]) AND s.evaluated_at < $2::timestamptz AND c.archived_at IS NULL
       ORDER BY s.evaluated_at LIMIT ${STALE_PER_PASS}`,
      liveIds,
      new Date(at.getTime() - STALE_MS).toISOString(),
    );
    for (const s of stale) this.pending.add(s.customer_id);
  }
}

/** The scheduler's job: a pass under the lease, so of many servers one evaluates at a time. */
export function alertJob(evaluator = new AlertEvaluator(), clock: () => Date = () => new Date()) {
  return async (db: PrismaClient): Promise<boolean> => {
    const outcome = await withLease(db, ALERT_LEASE, LEASE_TTL_MS, (renew) => evaluator.pass(db, clock(), renew));
    if (!outcome.ran) return false;
    for (const failure of outcome.value.failures) console.error(`Alerts: customer ${failure.customerId} was not evaluated: ${failure.message}`);
    return outcome.value.more;
  };
}
