import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { queryBalances } from "./query-balances";
import { ZListCustomerCommits, type TListCustomerCommits } from "./schemas";

/** POST /v1/contracts/customerCommits/list: customer-level commits (and contract ones if asked). */
export async function listCustomerCommits(ctx: ServiceContext, input: TListCustomerCommits, now = new Date()) {
  const q = parseInput(ZListCustomerCommits, input);
  return queryBalances(
    ctx,
    {
      customerId: q.customer_id,
      kinds: ["COMMIT"],
      id: q.commit_id,
      coveringDate: q.covering_date,
      startingAt: q.starting_at,
      effectiveBefore: q.effective_before,
      includeArchived: q.include_archived ?? false,
      includeContracts: q.include_contract_commits ?? false,
      includeBalance: q.include_balance ?? false,
      includeLedgers: q.include_ledgers ?? false,
      limit: q.limit,
      nextPage: q.next_page,
    },
    now,
  );
}
