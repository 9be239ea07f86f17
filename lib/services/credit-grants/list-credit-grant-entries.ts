import type { Decimal } from "@/lib/billing/decimal";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { customerGrants, liveGrants, sumOf, type GrantEntry } from "./grant-ledger";
import { ZListCreditGrantEntries, type TListCreditGrantEntries } from "./schemas";

/** Customers per page: each is priced live (its drafts' draws), so a page stays small. */
const CUSTOMERS_PER_PAGE = 20;

type Held = { effectiveAt: Date; excludingPending: Decimal; includingPending: Decimal };

export type GrantLedger = {
  creditType: { id: string; name: string };
  startingBalance: Held;
  endingBalance: Held;
  entries: GrantEntry[];
  pendingEntries: GrantEntry[];
};

/**
 * POST /v1/credits/listEntries: per customer with grants, one ledger per credit type, entries in
 * [starting_on, ending_before). starting_balance is what the grants held just before starting_on
 * (by default the first grant's effective_at) and ending_balance what they hold just before
 * ending_before (by default the end of the current billing period), so the starting balance plus
 * the posted entries is the ending balance wherever both lie in the past.
 */
export async function listCreditGrantEntries(ctx: ServiceContext, input: TListCreditGrantEntries, now = new Date()) {
  const q = parseInput(ZListCreditGrantEntries, input);
  if (q.ending_before && q.ending_before > now) throw new AppError("bad_request", "ending_before: Must not be in the future.", { ending_before: "Must not be in the future" });
  const after = decodeCursor(q.next_page, ["customer_id"] as const, ["customer_id"] as const)?.customer_id;
  const where = {
    ...liveGrants,
    ...(q.credit_type_ids ? { creditTypeId: { in: q.credit_type_ids } } : {}),
    AND: [q.customer_ids ? { customerId: { in: q.customer_ids } } : {}, after ? { customerId: { gt: after } } : {}],
  };
  const customers = await ctx.db.commit.findMany({ where, distinct: ["customerId"], orderBy: { customerId: "asc" }, take: CUSTOMERS_PER_PAGE + 1, select: { customerId: true } });
  const page = toPage(customers, CUSTOMERS_PER_PAGE, (c) => ({ customer_id: c.customerId }));
  const data = [];
  for (const { customerId } of page.data) {
    const grants = await customerGrants(ctx.db, customerId, now);
    const records = grants.records.filter((r) => !q.credit_type_ids || q.credit_type_ids.includes(r.creditType.id));
    const creditTypes = await readCreditTypes(ctx.db, records.map((r) => r.creditType.id));
    const starts = new Map<string, Date>();
    for (const r of records) {
      const start = r.accessSchedule[0]!.startingAt;
      if (!starts.has(r.creditType.id) || start < starts.get(r.creditType.id)!) starts.set(r.creditType.id, start);
    }
    const ending = q.ending_before ?? grants.periodEnd;
    const justBefore = (t: Date) => new Date(t.getTime() - 1);
    const [endExcluding, endIncluding] = [await grants.balancesAt(justBefore(ending), false), await grants.balancesAt(justBefore(ending), true)];
    const ledgers: GrantLedger[] = [];
    for (const [creditTypeId, firstStart] of starts) {
      const ids = records.filter((r) => r.creditType.id === creditTypeId).map((r) => r.id);
      const starting = q.starting_on ?? firstStart;
      const [startExcluding, startIncluding] = [await grants.balancesAt(justBefore(starting), false), await grants.balancesAt(justBefore(starting), true)];
      const inWindow = grants.entries.filter((e) => e.creditTypeId === creditTypeId && e.timestamp >= starting && e.timestamp < ending);
      const ordered = q.sort === "desc" ? [...inWindow].reverse() : inWindow;
      const creditType = creditTypes.get(creditTypeId)!;
      ledgers.push({
        creditType: { id: creditType.id, name: creditType.name },
        startingBalance: { effectiveAt: starting, excludingPending: sumOf(startExcluding, ids), includingPending: sumOf(startIncluding, ids) },
        endingBalance: { effectiveAt: ending, excludingPending: sumOf(endExcluding, ids), includingPending: sumOf(endIncluding, ids) },
        entries: ordered.filter((e) => !e.pending),
        pendingEntries: ordered.filter((e) => e.pending),
      });
    }
    data.push({ customerId, ledgers });
  }
  return { data, next_page: page.next_page };
}
