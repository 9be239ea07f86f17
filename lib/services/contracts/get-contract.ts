import { computeBalances, type Balance } from "@/lib/billing/balances";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes, type CreditTypeRecord } from "@/lib/services/rate-cards/rate-card-record";
import { CONTRACT_SELECT, readContract, readLedger, toEngineContract, type ContractRow } from "./contract-record";
import { ZGetContract, ZListContracts, type TGetContract, type TListContracts } from "./schemas";

export type ContractView = {
  row: ContractRow;
  productNames: ReadonlyMap<string, string>;
  creditTypes: ReadonlyMap<string, CreditTypeRecord>;
  /** When asked for: each commit's and credit's balance now, including what the live draft draws. */
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

/** Balances of a contract's commits and credits at `at`, counting the live draft's draw-down. */
async function contractBalances(ctx: ServiceContext, row: ContractRow, at: Date): Promise<Map<string, Balance>> {
  const creditTypes = await readCreditTypes(ctx.db, row.commits.map((c) => c.creditTypeId));
  const contract = toEngineContract(row, [], creditTypes);
  const ledger = await readLedger(ctx.db, row.commits.map((c) => c.id));
  const draft = row.rateCardId && !row.archivedAt ? await computeDraftInvoice(ctx.db, row.customerId, row.id, at).catch((e) => (e instanceof AppError ? null : Promise.reject(e))) : null;
  const balances = computeBalances(contract, [...ledger, ...(draft?.invoice.ledgerEntries ?? [])], at);
  return new Map(balances.map((b) => [b.id, b]));
}

/** POST /v2/contracts/get. */
export async function getContract(ctx: ServiceContext, input: TGetContract, now: Date): Promise<ContractView> {
  const { customer_id, contract_id, include_balance, as_of_date } = parseInput(ZGetContract, input);
  const { row } = await readContract(ctx.db, customer_id, contract_id);
  const view = await describe(ctx.db, [row]);
  return { row, ...view, balances: include_balance ? await contractBalances(ctx, row, as_of_date ?? now) : undefined };
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
  return Promise.all(rows.map(async (row) => ({ row, ...view, balances: q.include_balance ? await contractBalances(ctx, row, now) : undefined })));
}
