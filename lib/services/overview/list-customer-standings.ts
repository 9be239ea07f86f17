import type { Decimal } from "@/lib/billing/decimal";
import type { CreditType } from "@/lib/billing/types";
import { fromDb } from "@/lib/db/decimal";
import type { ServiceContext } from "@/lib/services/context";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { PeriodSpend } from "./customer-standing";

// The customer list's billing columns — spend so far this period and what is left of the
// commits and credits — as the billing-state job last stored them, for the page being shown.

export const MAX_STANDINGS = 100;

export type CustomerStandingSummary =
  | { ok: true; spend: PeriodSpend[]; remaining: { creditType: CreditType; remaining: Decimal; granted: Decimal }[] }
  | { ok: false; message: string };

/** By customer id; a customer the job has not priced yet is missing. */
export async function listCustomerStandings(ctx: ServiceContext, customerIds: readonly string[]): Promise<Map<string, CustomerStandingSummary>> {
  const ids = customerIds.slice(0, MAX_STANDINGS);
  const [states, spend, balances] = await Promise.all([
    ctx.db.customerBillingState.findMany({ where: { customerId: { in: ids }, refreshedAt: { not: null } }, select: { customerId: true, pricingError: true } }),
    ctx.db.customerPeriodSpend.findMany({ where: { customerId: { in: ids } }, orderBy: { creditTypeId: "asc" } }),
    ctx.db.storedBalance.groupBy({ by: ["customerId", "creditTypeId"], where: { customerId: { in: ids } }, _sum: { remaining: true, granted: true }, orderBy: { creditTypeId: "asc" } }),
  ]);
  const creditTypes = await readCreditTypes(ctx.db, [...spend.map((s) => s.creditTypeId), ...balances.map((b) => b.creditTypeId)]);
  const summaries = new Map<string, CustomerStandingSummary>();
  for (const state of states) {
    if (state.pricingError) {
      summaries.set(state.customerId, { ok: false, message: state.pricingError });
      continue;
    }
    summaries.set(state.customerId, {
      ok: true,
      spend: spend
        .filter((s) => s.customerId === state.customerId)
        .map((s) => ({ creditType: creditTypes.get(s.creditTypeId)!, charges: fromDb(s.charges), applied: fromDb(s.applied), total: fromDb(s.total) })),
      remaining: balances
        .filter((b) => b.customerId === state.customerId)
        .map((b) => ({ creditType: creditTypes.get(b.creditTypeId)!, remaining: fromDb(b._sum.remaining ?? "0"), granted: fromDb(b._sum.granted ?? "0") })),
    });
  }
  return summaries;
}
