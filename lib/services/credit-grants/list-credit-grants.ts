import type { Decimal } from "@/lib/billing/decimal";
import type { Prisma } from "@/lib/db/generated/client";
import type { BalanceRecord } from "@/lib/services/balances/balance-record";
import { loadEngineProducts } from "@/lib/services/billing/pricing-context";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { customerGrants, liveGrants, type GrantEntry } from "./grant-ledger";
import { ZListCreditGrants, type TListCreditGrants } from "./schemas";

export type CreditGrantRecord = {
  grant: BalanceRecord;
  creditGrantType: string | null;
  paidCreditType: { id: string; name: string };
  products: { id: string; name: string }[];
  /** At the end of the customer's current billing period. */
  balance: { effectiveAt: Date; excludingPending: Decimal; includingPending: Decimal };
  deductions: GrantEntry[];
  pendingDeductions: GrantEntry[];
};

/**
 * POST /v1/credits/listGrants: grants that are not voided, oldest first, in cursor pages. A
 * grant's balance is Metronome's: excluding_pending is what it holds now with what finalized
 * invoices drew; including_pending is what it will hold at the end of the customer's current
 * billing period with the live drafts' draws too, 0 if it expires before then.
 */
export async function listCreditGrants(ctx: ServiceContext, input: TListCreditGrants, now = new Date()) {
  const q = parseInput(ZListCreditGrants, input);
  const keyset = keysetQuery("createdAt", "id", "asc", decodeKeysetCursor(q.next_page, "instant", "uuid"));
  const rows = await ctx.db.commit.findMany({
    where: {
      AND: [
        liveGrants,
        q.credit_grant_ids ? { id: { in: q.credit_grant_ids } } : {},
        q.customer_ids ? { customerId: { in: q.customer_ids } } : {},
        q.credit_type_ids ? { creditTypeId: { in: q.credit_type_ids } } : {},
        q.effective_before ? { segments: { some: { startingAt: { lt: q.effective_before } } } } : {},
        q.not_expiring_before ? { segments: { some: { endingBefore: { gte: q.not_expiring_before } } } } : {},
        keyset.where as Prisma.CommitWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.CommitOrderByWithRelationInput[],
    take: q.limit + 1,
    select: { id: true, customerId: true, createdAt: true, creditGrantType: true, paidCreditTypeId: true, applicableProductIds: true },
  });
  const page = toPage(rows, q.limit, (row) => keysetCursor({ key: row.createdAt, id: row.id }));
  const customers = new Map<string, Awaited<ReturnType<typeof customerGrants>>>();
  const balances = new Map<string, { excluding: Map<string, Decimal>; including: Map<string, Decimal> }>();
  for (const customerId of new Set(page.data.map((r) => r.customerId))) {
    const grants = await customerGrants(ctx.db, customerId, now);
    customers.set(customerId, grants);
    balances.set(customerId, { excluding: await grants.balancesAt(now, false), including: await grants.balancesAt(grants.periodEnd, true) });
  }
  const products = await loadEngineProducts(ctx.db, page.data.flatMap((r) => r.applicableProductIds), now);
  const creditTypes = await readCreditTypes(ctx.db, page.data.map((r) => r.paidCreditTypeId!));
  // A grant voided since the page was read is left out, as a voided grant is.
  const data: CreditGrantRecord[] = page.data.flatMap((row) => {
    const grants = customers.get(row.customerId)!;
    const grant = grants.records.find((r) => r.id === row.id);
    if (!grant) return [];
    const held = balances.get(row.customerId)!;
    const entries = grants.entries.filter((e) => e.grantId === row.id && e.amount.lt(0));
    const paid = creditTypes.get(row.paidCreditTypeId!)!;
    return {
      grant,
      creditGrantType: row.creditGrantType,
      paidCreditType: { id: paid.id, name: paid.name },
      products: row.applicableProductIds.map((id) => ({ id, name: products.get(id)?.name ?? "" })),
      balance: { effectiveAt: grants.periodEnd, excludingPending: held.excluding.get(row.id)!, includingPending: held.including.get(row.id)! },
      deductions: entries.filter((e) => !e.pending),
      pendingDeductions: entries.filter((e) => e.pending),
    };
  });
  return { data, next_page: page.next_page };
}
