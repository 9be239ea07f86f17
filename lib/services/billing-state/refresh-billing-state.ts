import { ZERO } from "@/lib/billing/decimal";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import { startOfNextMonth } from "@/lib/services/alerts/alert-measures";
import { alertsCovering, readAlerts, recordAlertStates, type AlertReading } from "@/lib/services/alerts/evaluate-alerts";
import { dueRecharges, readRechargeWatches, runRecharges, type RechargeWatch } from "@/lib/services/auto-recharge/due-recharges";
import { LOW_BALANCE_SHARE } from "@/lib/services/billing-state/constants";
import type { PricingTurn } from "@/lib/services/billing-state/pricing-turns";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { pricingLoaders, type PricingLoaders } from "@/lib/services/billing/pricing-loaders";
import { listOpenContracts, type OpenDraftListing } from "@/lib/services/invoices/open-drafts";
import { billCrossing, crossesThreshold, readEnabledThresholds } from "@/lib/services/invoices/threshold-invoices";
import { appErrorOf } from "@/lib/errors";
import { balanceLevels, periodSpend, readCustomerStanding, revenueContribution, unpricedReason, type CustomerStanding, type RevenueShare } from "@/lib/services/overview/customer-standing";

// Reprices queued customers and stores what the screens that span customers read: their open
// drafts, this period's spend, their balances, and their share of the revenue summary. A refresh
// prices a customer from scratch through the same services as a live read (readCustomerStanding),
// so what is stored is what a live read would have shown at that instant.
//
// Exactly once, whatever crashes: everything a batch writes — the rows, the revenue summary's
// change and the removal of its queue entries — is one transaction. The summary changes by each
// customer's new share minus the share stored with it, read under the customer's row lock, so a
// customer refreshed twice (or by two servers at once) changes it once. A queue entry is removed
// only if its gen is still the one the refresh read: a change that committed meanwhile queued
// the customer again, and the next batch picks it up. The customers' alerts are evaluated from
// the same standings and recorded in the same transaction (evaluate-alerts.ts). Contracts whose
// prepaid balance the standings show at its auto-recharge threshold are recharged once the batch
// is stored (lib/services/auto-recharge), which queues their customers again.

export type QueuedCustomer = { customerId: string; gen: bigint };

export type RefreshOutcome = { refreshed: number; unpriced: number; alertTransitions: number; recharges: number };

/** What a refresh stores for one customer, as the statements below take it. */
type StoredRows = { drafts: object[]; spend: object[]; balances: object[]; state: object };

/**
 * A priced customer: its rows to store, made as soon as it is priced so that the batch holds
 * those rather than every customer's priced invoices (much less for the garbage collector to
 * copy); the standing itself is kept only while its alerts are read.
 */
type Priced = { customerId: string; rows: StoredRows; standing: CustomerStanding | null; error: string | null; alerts: AlertReading[]; recharge: string[]; crossings: string[] };

type Thresholds = Awaited<ReturnType<typeof readEnabledThresholds>>;

/** The next customers to refresh, longest waiting first. */
export async function nextRefreshBatch(db: PrismaClient, limit: number): Promise<QueuedCustomer[]> {
  const rows = await db.billingRefreshQueue.findMany({ orderBy: [{ queuedAt: "asc" }, { customerId: "asc" }], take: limit, select: { customerId: true, gen: true } });
  return rows.map((r) => ({ customerId: r.customerId, gen: BigInt(r.gen) }));
}

export async function refreshCustomers(db: PrismaClient, queued: readonly QueuedCustomer[], now: Date, turn: PricingTurn = (work) => work()): Promise<RefreshOutcome> {
  const priced = await turn(() => priceBatch(db, queued, now));
  const alertTransitions = await storeBatch(db, queued, [...priced.values()], now);
  const recharges = await runRecharges(db, [...priced.values()].flatMap((p) => p.recharge), now);
  return { refreshed: priced.size, unpriced: [...priced.values()].filter((p) => p.error).length, alertTransitions, recharges: recharges.length };
}

/** Reads and prices the batch, bills the spend thresholds it crossed and reads its alerts: everything before its writes. */
async function priceBatch(db: PrismaClient, queued: readonly QueuedCustomer[], now: Date): Promise<Map<string, Priced>> {
  const ids = queued.map((q) => q.customerId);
  const customers = await db.customer.findMany({ where: { id: { in: ids } }, select: { id: true, archivedAt: true } });
  const live = customers.filter((c) => !c.archivedAt).map((c) => c.id);
  const listings = await listOpenContracts(db, live, now);
  const starts = await db.contract.groupBy({ by: ["customerId"], where: { customerId: { in: live }, archivedAt: null, startingAt: { gt: now } }, _min: { startingAt: true } });
  const nextStart = new Map(starts.map((s) => [s.customerId, s._min.startingAt]));

  const covering = await alertsCovering(db, live);
  const watches = await readRechargeWatches(db, live);
  const thresholds = await readEnabledThresholds(db, live);

  const priced = new Map<string, Priced>();
  // An archived customer keeps a state row with nothing in it, so it drops out of every figure.
  for (const c of customers) if (c.archivedAt) priced.set(c.id, { customerId: c.id, rows: storedRows(c.id, null, null, null), standing: null, error: null, alerts: [], recharge: [], crossings: [] });
  // Every customer of the batch is priced at once: their reads wait on the same loaders, which
  // make one query per step for all of them.
  const loaders = pricingLoaders(db);
  const each = live.map((id) => priceCustomer(db, id, now, listings.get(id), nextStart.get(id) ?? null, loaders, covering.has(id), watches.get(id), thresholds.filter((t) => t.customerId === id)));
  for (const p of await Promise.all(each)) priced.set(p.customerId, p);
  await billThresholdCrossings([...priced.values()].flatMap((p) => p.crossings), db, now);
  // An unpriced customer's alerts keep their states until its contract can be priced again.
  await Promise.all(
    [...priced.values()].map(async (p) => {
      if (p.standing) p.alerts = await readAlerts(db, p.standing, covering.get(p.customerId)!, now);
      p.standing = null;
    }),
  );
  return priced;
}

async function priceCustomer(
  db: PrismaClient,
  customerId: string,
  now: Date,
  listing: OpenDraftListing | undefined,
  nextStart: Date | null,
  loaders: PricingLoaders,
  hasAlerts: boolean,
  watches: RechargeWatch[] | undefined,
  thresholds: Thresholds,
): Promise<Priced> {
  try {
    const standing = await readCustomerStanding(db, customerId, now, { listing, scheduled: true, loaders });
    const rows = storedRows(customerId, standing, null, nextChange(standing, now, nextStart));
    const crossings = thresholds.filter((t) => crossesThreshold(t, standing.drafts, t.contractId, now)).map((t) => t.contractId);
    return { customerId, rows, standing: hasAlerts ? standing : null, error: null, alerts: [], recharge: dueRecharges(watches, standing), crossings };
  } catch (error) {
    // A contract the engine refuses is shown as unpriced, with the reason, until it changes.
    const reason = unpricedReason(error);
    if (reason === undefined) throw error;
    return { customerId, rows: storedRows(customerId, null, reason, nextStart), standing: null, error: reason, alerts: [], recharge: [], crossings: [] };
  }
}

/**
 * Bills the spend thresholds the standings reached (threshold-invoices.ts: each under its lock,
 * priced again there, so a crossing is billed once however many refreshes see it). What this
 * batch stores for those customers predates the invoice; the commit it buys queues them again,
 * so the next batch stores them as billed.
 */
async function billThresholdCrossings(contractIds: readonly string[], db: PrismaClient, now: Date): Promise<void> {
  for (const contractId of contractIds) {
    try {
      await billCrossing(db, contractId, now);
    } catch (error) {
      // A contract the engine refuses is shown unpriced already; the next change retries it.
      if (!appErrorOf(error)) throw error;
    }
  }
}

/**
 * The first instant after `now` at which time alone changes what is stored: a draft's period
 * ends (the next one begins), a balance segment starts or ends, a contract starts, or the
 * calendar month turns (alerts on a customer billed on no contract, monthly invoice totals).
 */
function nextChange(standing: CustomerStanding, now: Date, nextStart: Date | null): Date {
  const instants: Date[] = [startOfNextMonth(now), ...(nextStart ? [nextStart] : [])];
  for (const d of [...standing.drafts, ...standing.scheduled]) instants.push(d.invoice.startingAt, d.invoice.endingBefore);
  for (const balance of standing.state?.balances.values() ?? []) for (const s of balance.segments) instants.push(s.startingAt, s.endingBefore);
  return new Date(Math.min(...instants.filter((t) => t > now).map((t) => t.getTime())));
}

/** The reason kept for an unpriced customer: enough to read, and short enough to index. */
const PRICING_ERROR_CHARS = 1000;

type ShareRow = { credit_type_id: string; key: string; name: string; charges: string; applied: string; total: string };

function toShareRows(shares: readonly RevenueShare[]): ShareRow[] {
  return shares.map((s) => ({ credit_type_id: s.creditTypeId, key: s.key, name: s.name, charges: toDb(s.charges), applied: toDb(s.applied), total: toDb(s.total) }));
}

const SHARE_COLUMNS = "credit_type_id uuid, key text, name text, charges numeric, applied numeric, total numeric";

/**
 * Stores the batch's customer_billing_state rows ($1, as of $2) and moves revenue_summary by the
 * shares they now hold minus the ones they held, summed in the database, exactly. The rows were
 * locked earlier in the transaction, so the shares read here are the ones the summary holds for
 * them: a customer refreshed twice, or by two servers at once, moves it once.
 */
const STORE_STATES = `WITH stored AS (
    SELECT contribution FROM customer_billing_state WHERE customer_id = ANY($3::uuid[])
  ), updated AS (
    UPDATE customer_billing_state s SET refreshed_at = $2::timestamptz, refresh_at = r.refresh_at, pricing_error = r.pricing_error,
      contribution = r.contribution, fiat_charges = r.fiat_charges, fiat_remaining = r.fiat_remaining
    FROM jsonb_to_recordset($1::jsonb) AS r(customer_id uuid, refresh_at timestamptz, pricing_error text, contribution jsonb, fiat_charges numeric, fiat_remaining numeric)
    WHERE s.customer_id = r.customer_id
    RETURNING s.contribution
  ), shares AS (
    SELECT r.credit_type_id, r.key, r.name, -r.charges AS charges, -r.applied AS applied, -r.total AS total, -1 AS customers, false AS new
    FROM stored, jsonb_to_recordset(stored.contribution) AS r(${SHARE_COLUMNS})
    UNION ALL
    SELECT r.credit_type_id, r.key, r.name, r.charges, r.applied, r.total, 1, true FROM updated, jsonb_to_recordset(updated.contribution) AS r(${SHARE_COLUMNS})
  )
  INSERT INTO revenue_summary (credit_type_id, key, name, charges, applied, total, customers)
  SELECT credit_type_id, key, (array_agg(name ORDER BY new DESC))[1], sum(charges), sum(applied), sum(total), sum(customers)
  FROM shares GROUP BY credit_type_id, key ORDER BY 1, 2
  ON CONFLICT (credit_type_id, key) DO UPDATE SET name = excluded.name, charges = revenue_summary.charges + excluded.charges,
    applied = revenue_summary.applied + excluded.applied, total = revenue_summary.total + excluded.total, customers = revenue_summary.customers + excluded.customers`;

/** How many of the stored_balance rows of CTE `rows` the overview counts, and how many of them run low ($2 is LOW_BALANCE_SHARE). */
const countBalances = (rows: string) => `SELECT count(*)::int AS tracked, (count(*) FILTER (WHERE remaining_share < $2::numeric))::int AS low FROM ${rows}`;

type BalanceCount = { tracked: number; low: number };

/** Writes the batch; returns how many alert states changed. */
async function storeBatch(db: PrismaClient, queued: readonly QueuedCustomer[], all: readonly Priced[], now: Date): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // A customer whose queue row another transaction holds is being changed right now: it is
      // left for the next batch (that change queues it again), so this never waits on a writer.
      const locked = await tx.$queryRawUnsafe<{ customer_id: string }[]>(
        `SELECT customer_id::text FROM billing_refresh_queue WHERE customer_id = ANY($1::uuid[]) ORDER BY customer_id FOR UPDATE SKIP LOCKED`,
        all.map((p) => p.customerId),
      );
      const mine = new Set(locked.map((r) => r.customer_id));
      const priced = all.filter((p) => mine.has(p.customerId));
      await writeBatch(tx, queued.filter((q) => mine.has(q.customerId)), priced, now);
      let transitions = 0;
      for (const p of priced) transitions += (await recordAlertStates(tx, p.customerId, p.alerts, now)).length;
      return transitions;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
}

/** The rows that store one customer's standing (none but its state row when unpriced or archived). */
function storedRows(customerId: string, standing: CustomerStanding | null, error: string | null, refreshAt: Date | null): StoredRows {
  const periods = standing ? periodSpend(standing) : [];
  const levels = standing ? balanceLevels(standing) : [];
  const drafts = (standing ? [...standing.drafts, ...standing.scheduled] : []).map((d) => ({
    id: d.id,
    customer_id: customerId,
    contract_id: d.billing.row.id,
    type: d.type,
    credit_type_id: d.invoice.creditType.id,
    start_timestamp: d.invoice.startingAt.toISOString(),
    end_timestamp: d.invoice.endingBefore.toISOString(),
    total: toDb(d.invoice.total),
    line_count: d.invoice.lines.length,
  }));
  const spend = periods.map((s) => ({ customer_id: customerId, credit_type_id: s.creditType.id, charges: toDb(s.charges), applied: toDb(s.applied), total: toDb(s.total) }));
  const balances = levels.map((b) => ({
    commit_id: b.id,
    customer_id: customerId,
    name: b.name,
    kind: b.kind,
    type: b.type,
    contract_id: b.contractId,
    credit_type_id: b.creditType.id,
    granted: toDb(b.granted),
    used: toDb(b.used),
    remaining: toDb(b.remaining),
    remaining_share: b.granted.gt(0) ? toDb(b.remaining.div(b.granted)) : null,
    expires_at: b.expiresAt?.toISOString() ?? null,
  }));
  const fiat = periods.find((s) => s.creditType.id === USD_CENTS.id);
  const state = {
    customer_id: customerId,
    refresh_at: refreshAt?.toISOString() ?? null,
    pricing_error: error === null ? null : error.slice(0, PRICING_ERROR_CHARS),
    contribution: standing ? toShareRows(revenueContribution(standing, periods)) : [],
    fiat_charges: toDb(fiat?.charges ?? ZERO),
    fiat_remaining: toDb(levels.filter((b) => b.creditType.id === USD_CENTS.id).reduce((n, b) => n.plus(b.remaining), ZERO)),
  };
  return { drafts, spend, balances, state };
}

async function writeBatch(tx: Prisma.TransactionClient, queued: readonly QueuedCustomer[], priced: readonly Priced[], now: Date): Promise<void> {
  if (priced.length === 0) return;
  const ids = priced.map((p) => p.customerId).sort();
  const drafts = priced.flatMap((p) => p.rows.drafts);
  const spend = priced.flatMap((p) => p.rows.spend);
  const balances = priced.flatMap((p) => p.rows.balances);
  const states = priced.map((p) => p.rows.state);

  await tx.$executeRawUnsafe(`INSERT INTO customer_billing_state (customer_id) SELECT unnest($1::uuid[]) ORDER BY 1 ON CONFLICT DO NOTHING`, ids);
  // Locked first, so the shares stored with them stay the ones the revenue summary moves from.
  await tx.$executeRawUnsafe(`SELECT 1 FROM customer_billing_state WHERE customer_id = ANY($1::uuid[]) ORDER BY customer_id FOR UPDATE`, ids);

  for (const table of ["stored_draft", "customer_period_spend"]) {
    await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE customer_id = ANY($1::uuid[])`, ids);
  }
  // The balance counts move by what is replaced and what replaces it, counted by one rule.
  const [gone] = await tx.$queryRawUnsafe<BalanceCount[]>(
    `WITH gone AS (DELETE FROM stored_balance WHERE customer_id = ANY($1::uuid[]) RETURNING remaining_share) ${countBalances("gone")}`,
    ids,
    LOW_BALANCE_SHARE,
  );
  let made: BalanceCount = { tracked: 0, low: 0 };
  if (drafts.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO stored_draft (id, customer_id, contract_id, type, credit_type_id, start_timestamp, end_timestamp, total, line_count, refreshed_at)
       SELECT id, customer_id, contract_id, type::"InvoiceType", credit_type_id, start_timestamp, end_timestamp, total, line_count, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, customer_id uuid, contract_id uuid, type text, credit_type_id uuid,
         start_timestamp timestamptz, end_timestamp timestamptz, total numeric, line_count int)`,
      JSON.stringify(drafts),
      now.toISOString(),
    );
  }
  if (spend.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO customer_period_spend (customer_id, credit_type_id, charges, applied, total)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(customer_id uuid, credit_type_id uuid, charges numeric, applied numeric, total numeric)`,
      JSON.stringify(spend),
    );
  }
  if (balances.length) {
    const counted = await tx.$queryRawUnsafe<BalanceCount[]>(
      `WITH made AS (INSERT INTO stored_balance (commit_id, customer_id, name, kind, type, contract_id, credit_type_id, granted, used, remaining, remaining_share, expires_at)
       SELECT commit_id, customer_id, name, kind::"BalanceKind", type::"CommitType", contract_id, credit_type_id, granted, used, remaining, remaining_share, expires_at
       FROM jsonb_to_recordset($1::jsonb) AS r(commit_id uuid, customer_id uuid, name text, kind text, type text, contract_id uuid, credit_type_id uuid,
         granted numeric, used numeric, remaining numeric, remaining_share numeric, expires_at timestamptz)
       RETURNING remaining_share) ${countBalances("made")}`,
      JSON.stringify(balances),
      LOW_BALANCE_SHARE,
    );
    made = counted[0]!;
  }
  // The rows every batch moves come last, so batches running side by side wait on each other
  // only for their commits.
  await tx.$executeRawUnsafe(
    `INSERT INTO balance_summary (id, tracked, low) VALUES (1, $1::bigint, $2::bigint)
     ON CONFLICT (id) DO UPDATE SET tracked = balance_summary.tracked + excluded.tracked, low = balance_summary.low + excluded.low`,
    made.tracked - gone!.tracked,
    made.low - gone!.low,
  );
  await tx.$executeRawUnsafe(STORE_STATES, JSON.stringify(states), now.toISOString(), ids);
  await tx.$executeRawUnsafe(
    `DELETE FROM billing_refresh_queue q USING jsonb_to_recordset($1::jsonb) AS r(customer_id uuid, gen bigint)
     WHERE q.customer_id = r.customer_id AND q.gen = r.gen`,
    JSON.stringify(queued.map((q) => ({ customer_id: q.customerId, gen: q.gen.toString() }))),
  );
}
