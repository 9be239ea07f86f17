import type { Balance } from "@/lib/billing/balances";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, appErrorOf } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { balanceState } from "@/lib/services/balances/balance-state";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes, type CreditTypeRecord } from "@/lib/services/rate-cards/rate-card-record";
import { CONTRACT_SELECT, readContract, type ContractRow } from "./contract-record";
import { ZGetContract, ZListContracts, type TGetContract, type TListContracts } from "./schemas";

export type ContractView = {
  row: ContractRow;
  productNames: ReadonlyMap<string, string>;
  creditTypes: ReadonlyMap<string, CreditTypeRecord>;
  /** When asked for: each commit's and credit's balance now, including what the open drafts draw. */
  balances?: ReadonlyMap<string, Balance>;
};

type Tx = Prisma.TransactionClient;

async function describe(db: Tx, rows: ContractRow[]) {
  const productIds = rows.flatMap((row) => [
    ...row.commits.map((c) => c.productId),
    ...row.subscriptions.map((s) => s.productId),
    ...row.scheduledCharges.map((c) => c.productId),
    ...row.overrides.map((o) => o.productId),
  ]).filter((id): id is string => !!id);
  const versions = await db.productVersion.findMany({ where: { productId: { in: [...new Set(productIds)] } }, orderBy: { startingAt: "asc" }, select: { productId: true, name: true } });
  const productNames = new Map(versions.map((v) => [v.productId, v.name]));
  const creditTypes = await readCreditTypes(db, rows.flatMap((row) => row.commits.map((c) => c.creditTypeId)));
  return { productNames, creditTypes };
}

/**
 * Balances of a contract's commits and credits at `at`, as the balance APIs count them: the
 * ledger and what every open draft of the customer draws (lib/services/balances). A customer whose
 * drafts cannot be priced (a contract a bad edit left unbillable) gets its ledger balances.
 */
async function contractBalances(ctx: ServiceContext, rows: readonly ContractRow[], at: Date): Promise<Map<string, Balance>> {
  const commits = rows.flatMap((row) => row.commits);
  if (commits.length === 0) return new Map();
  const customerId = rows[0]!.customerId;
  const drafts = await computeOpenDrafts(ctx.db, customerId, at).catch((e: unknown) => (appErrorOf(e) ? false : Promise.reject(e)));
  return (await balanceState(ctx.db, customerId, commits, at, drafts)).balances;
}

/** POST /v2/contracts/get. */
export async function getContract(ctx: ServiceContext, input: TGetContract, now: Date): Promise<ContractView> {
  const { customer_id, contract_id, include_balance, as_of_date } = parseInput(ZGetContract, input);
  const { row } = await readContract(ctx.db, customer_id, contract_id);
  const view = await describe(ctx.db, [row]);
  return { row, ...view, balances: include_balance ? await contractBalances(ctx, [row], as_of_date ?? now) : undefined };
}

/** POST /v2/contracts/list: a customer's contracts, oldest first. */
export async function listContracts(ctx: ServiceContext, input: TListContracts, now: Date): Promise<ContractView[]> {
  const q = parseInput(ZListContracts, input);
  const customer = await ctx.db.customer.findUnique({ where: { id: q.customer_id }, select: { id: true } });
  if (!customer) throw new AppError("not_found", "No customer has that customer_id.");
  const covering = q.covering_date;
  const rows = await ctx.db.contract.findMany({
    where: {
      customerId: q.customer_id,
      ...(q.include_archived ? {} : { archivedAt: null }),
      ...(q.starting_at ? { startingAt: { gte: q.starting_at } } : {}),
      ...(covering ? { startingAt: { lte: covering }, OR: [{ endingBefore: null }, { endingBefore: { gt: covering } }] } : {}),
    },
    orderBy: [{ startingAt: "asc" }, { id: "asc" }],
    select: CONTRACT_SELECT,
  });
  const view = await describe(ctx.db, rows);
  const balances = q.include_balance ? await contractBalances(ctx, rows, now) : undefined;
  return rows.map((row) => ({ row, ...view, balances }));
}
