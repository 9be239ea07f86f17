import { type Decimal, max, ZERO } from "@/lib/billing/decimal";
import { burnRate, perDay, runOutAt, spendOver } from "@/lib/billing/forecast";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { balanceState } from "@/lib/services/balances/balance-state";
import { COMMIT_SELECT, liveCommitsOf } from "@/lib/services/contracts/contract-record";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";

// The portal's Credits page: each live commit and credit with what was granted, used and is
// left, when it expires, and a burn-down: the remaining balance after each finalized draw, the
// open periods' draws so far, and a projection at the current rate.
//
// The current rate is what the open (draft) periods have drawn from the balance so far, divided
// by the time since the earliest of those periods began. The projected run-out is now +
// remaining ÷ rate; it is given only when it falls before the balance expires.

type Db = PrismaClient | Prisma.TransactionClient;

export type PortalBalance = {
  key: string;
  name: string;
  kind: "COMMIT" | "CREDIT";
  type: "PREPAID" | "POSTPAID" | null;
  creditType: { id: string; name: string };
  granted: string;
  used: string;
  remaining: string;
  startsAt: string | null;
  expiresAt: string | null;
  /** Per day, in the credit type's unit; "0" when nothing is being drawn. */
  burnPerDay: string;
  runsOutAt: string | null;
  /** Remaining over time: history up to now, then the projection (projected: true). */
  burnDown: { t: number; remaining: number | null; projected: number | null }[];
};

/** A chart point: it only draws the curve; every figure the page shows comes from the decimal strings. */
// eslint-disable-next-line no-restricted-syntax
const chartValue = (amount: Decimal): number => amount.toNumber();

export async function readPortalBalances(db: Db, customerId: string, now: Date): Promise<PortalBalance[]> {
  const rows = await db.commit.findMany({
    where: liveCommitsOf(customerId),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: COMMIT_SELECT,
  });
  if (rows.length === 0) return [];
  const state = await balanceState(db, customerId, rows, now);
  const creditTypes = await readCreditTypes(db, rows.map((r) => r.creditTypeId));
  const result: PortalBalance[] = [];
  rows.forEach((row, index) => {
    const balance = state.balances.get(row.id);
    if (!balance) return;
    const starts = row.segments.map((s) => s.startingAt.getTime());
    const ends = row.segments.map((s) => s.endingBefore.getTime());
    const startsAt = starts.length ? new Date(Math.min(...starts)) : null;
    const lastEnd = ends.length ? new Date(Math.max(...ends)) : null;
    const expiresAt = balance.expiresAt ?? lastEnd;

    const entries = state.entries.get(row.id) ?? [];
    const pending = entries.filter((e) => e.pending && e.type === "INVOICE_DEDUCTION");
    const pendingDrawn = pending.reduce((sum, e) => sum.minus(e.amount), ZERO);
    const since = pending.length ? Math.min(...pending.map((e) => e.timestamp.getTime())) : now.getTime();
    const rate = burnRate(pendingDrawn, now.getTime() - since);
    const remaining = balance.remaining;
    const runsOut = runOutAt(remaining, rate, now);
    const runsOutAt = runsOut && (!expiresAt || runsOut < expiresAt) ? runsOut : null;

    const history: { t: number; remaining: number }[] = [];
    if (startsAt && startsAt <= now) {
      let level = balance.segments.filter((s) => s.startingAt <= now).reduce((sum, s) => sum.plus(s.granted), ZERO);
      history.push({ t: startsAt.getTime(), remaining: chartValue(level) });
      for (const e of entries.filter((e) => !e.pending && e.timestamp <= now)) {
        level = level.plus(e.amount);
        history.push({ t: e.timestamp.getTime(), remaining: Math.max(0, chartValue(level)) });
      }
      if (pending.length) history.push({ t: since, remaining: Math.max(0, chartValue(level)) });
      history.push({ t: now.getTime(), remaining: chartValue(remaining) });
    }
    const end = runsOutAt ?? expiresAt;
    const projection =
      startsAt && startsAt <= now && end && end > now
        ? [
            { t: now.getTime(), projected: chartValue(remaining) },
            { t: end.getTime(), projected: runsOutAt ? 0 : chartValue(max(ZERO, remaining.minus(spendOver(rate, end.getTime() - now.getTime())))) },
          ]
        : [];
    const creditType = creditTypes.get(row.creditTypeId)!;
    result.push({
      key: `b${index}`,
      name: row.name ?? (row.kind === "COMMIT" ? "Commitment" : "Credit"),
      kind: row.kind,
      type: row.type,
      creditType: { id: creditType.id, name: creditType.name },
      granted: balance.granted.toFixed(),
      used: balance.used.toFixed(),
      remaining: remaining.toFixed(),
      startsAt: startsAt?.toISOString() ?? null,
      expiresAt: expiresAt?.toISOString() ?? null,
      burnPerDay: perDay(rate).toDecimalPlaces(creditType.precision).toFixed(),
      runsOutAt: runsOutAt?.toISOString() ?? null,
      burnDown: [
        ...history.map((p) => ({ t: p.t, remaining: p.remaining, projected: p.t === now.getTime() ? p.remaining : null })),
        ...projection.slice(1).map((p) => ({ t: p.t, remaining: null, projected: p.projected })),
      ],
    });
  });
  return result;
}
