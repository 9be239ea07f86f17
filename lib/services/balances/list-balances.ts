import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { queryBalances } from "./query-balances";
import { ZListBalances, type TListBalances } from "./schemas";

/** POST /v1/contracts/customerBalances/list: commits and credits together. */
export async function listBalances(ctx: ServiceContext, input: TListBalances, now = new Date()) {
  const q = parseInput(ZListBalances, input);
  return queryBalances(
    ctx,
    {
      customerId: q.customer_id,
      kinds: ["COMMIT", "CREDIT"],
      id: q.id,
      coveringDate: q.covering_date,
      startingAt: q.starting_at,
      effectiveBefore: q.effective_before,
      includeArchived: q.include_archived ?? false,
      includeContracts: q.include_contract_balances ?? false,
      includeBalance: q.include_balance ?? false,
      includeLedgers: q.include_ledgers ?? false,
      excludeZeroBalances: q.exclude_zero_balances ?? false,
      limit: q.limit,
      nextPage: q.next_page,
    },
    now,
  );
}
