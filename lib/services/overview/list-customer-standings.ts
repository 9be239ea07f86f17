import type { Decimal } from "@/lib/billing/decimal";
import type { CreditType } from "@/lib/billing/types";
import type { ServiceContext } from "@/lib/services/context";
import { balanceLevels, periodSpend, readStandings, type PeriodSpend } from "./customer-standing";

// The customer list's live columns: spend so far this period and what is left of the commits
// and credits. The caller pages the customers first and asks only for the page it shows, since
// each customer's drafts are priced here.

export const MAX_STANDINGS = 100;

export type CustomerStandingSummary =
  | { ok: true; spend: PeriodSpend[]; remaining: { creditType: CreditType; remaining: Decimal; granted: Decimal }[] }
  | { ok: false; message: string };

export async function listCustomerStandings(ctx: ServiceContext, customerIds: readonly string[], now = new Date()): Promise<Map<string, CustomerStandingSummary>> {
  const results = await readStandings(ctx.db, customerIds.slice(0, MAX_STANDINGS), now);
  const summaries = new Map<string, CustomerStandingSummary>();
  for (const [id, result] of results) {
    if (!result.ok) {
      summaries.set(id, result);
      continue;
    }
    const remaining = new Map<string, { creditType: CreditType; remaining: Decimal; granted: Decimal }>();
    for (const level of balanceLevels(result.standing)) {
      const entry = remaining.get(level.creditType.id);
      remaining.set(
        level.creditType.id,
        entry ? { ...entry, remaining: entry.remaining.plus(level.remaining), granted: entry.granted.plus(level.granted) } : { creditType: level.creditType, remaining: level.remaining, granted: level.granted },
      );
    }
    summaries.set(id, { ok: true, spend: periodSpend(result.standing), remaining: [...remaining.values()] });
  }
  return summaries;
}
