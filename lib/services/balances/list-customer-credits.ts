import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { queryBalances } from "./query-balances";
import { ZListCustomerCredits, type TListCustomerCredits } from "./schemas";

/** POST /v1/contracts/customerCredits/list: customer-level credits (and contract ones if asked). */
export async function listCustomerCredits(ctx: ServiceContext, input: TListCustomerCredits, now = new Date()) {
  const q = parseInput(ZListCustomerCredits, input);
  return queryBalances(
    ctx,
    {
      customerId: q.customer_id,
      kinds: ["CREDIT"],
      id: q.credit_id,
      coveringDate: q.covering_date,
      startingAt: q.starting_at,
      effectiveBefore: q.effective_before,
      includeArchived: q.include_archived ?? false,
      includeContracts: q.include_contract_credits ?? false,
      includeBalance: q.include_balance ?? false,
      includeLedgers: q.include_ledgers ?? false,
      limit: q.limit,
      nextPage: q.next_page,
    },
    now,
  );
}
