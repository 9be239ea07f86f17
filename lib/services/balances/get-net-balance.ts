import { sum, type Decimal } from "@/lib/billing/decimal";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { COMMIT_SELECT, liveCommitsOf, type CommitRow } from "@/lib/services/contracts/contract-record";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { balanceState } from "./balance-state";
import { ZGetNetBalance, type TGetNetBalance } from "./schemas";

type Filter = NonNullable<ReturnType<typeof ZGetNetBalance.parse>["filters"]>[number];

function balanceType(row: CommitRow): "PREPAID_COMMIT" | "POSTPAID_COMMIT" | "CREDIT" {
  return row.kind === "CREDIT" ? "CREDIT" : row.type === "POSTPAID" ? "POSTPAID_COMMIT" : "PREPAID_COMMIT";
}

/** Metronome's filters: a balance counts if it matches any filter, and a filter if all its conditions hold. */
function matches(row: CommitRow, filter: Filter): boolean {
  const fields = row.customFields as Record<string, string>;
  return (
    (!filter.balance_types?.length || filter.balance_types.includes(balanceType(row))) &&
    (!filter.ids?.length || filter.ids.includes(row.id)) &&
    Object.entries(filter.custom_fields ?? {}).every(([key, value]) => fields[key] === value)
  );
}

/**
 * POST /v1/contracts/customerBalances/getNetBalance: what the customer's live commits and
 * credits in one credit type hold now (each at least zero), counting what the open draft
 * invoices draw unless only finalized invoices are asked for.
 */
export async function getNetBalance(ctx: ServiceContext, input: TGetNetBalance, now = new Date()): Promise<{ balance: Decimal; creditTypeId: string }> {
  const q = parseInput(ZGetNetBalance, input);
  await readCustomer(ctx.db, q.customer_id);
  const creditTypeId = q.credit_type_id ?? USD_CENTS.id;
  if (!(await ctx.db.creditType.findUnique({ where: { id: creditTypeId }, select: { id: true } }))) {
    throw new AppError("not_found", "credit_type_id: no credit type has that id.", { credit_type_id: "No credit type has that id" });
  }
  const rows = (
    await ctx.db.commit.findMany({
      where: { ...liveCommitsOf(q.customer_id), creditTypeId },
      select: COMMIT_SELECT,
    })
  ).filter((row) => !q.filters?.length || q.filters.some((f) => matches(row, f)));
  const state = await balanceState(ctx.db, q.customer_id, rows, now, q.invoice_inclusion_mode === "FINALIZED_AND_DRAFT");
  return { balance: sum([...state.balances.values()].map((b) => b.remaining)), creditTypeId };
}
