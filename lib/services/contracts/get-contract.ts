import type { z } from "zod";
import type { Balance } from "@/lib/billing/balances";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, appErrorOf } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { balanceRecords, type BalanceRecord } from "@/lib/services/balances/balance-record";
import { balanceState } from "@/lib/services/balances/balance-state";
import { readRechargeConfigs, type RechargeConfig } from "@/lib/services/auto-recharge/read-configs";
import { computeOpenDrafts } from "@/lib/services/invoices/open-drafts";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes, type CreditTypeRecord } from "@/lib/services/rate-cards/rate-card-record";
import { CONTRACT_SELECT, MAX_CONTRACTS_PER_CUSTOMER, readContract, type ContractRow } from "./contract-record";
import { readChildren, type ChildRef } from "./hierarchy";
import { storedSpecifiers } from "./specifiers";
import { ZCreateContract, ZGetContract, ZGetContractV1, ZListContracts, type TGetContract, type TGetContractV1, type TListContracts } from "./schemas";

/** A change that wrote terms a v1 read shows apart: the contract's creation, or an amendment. */
export type ContractChange = {
  id: string;
  kind: "CREATE" | "AMEND";
  /** When its terms take effect (an amendment's starting_at). */
  effectiveAt: Date;
  createdAt: Date;
  createdBy: string;
};

/** What of the contract's header can change after its creation, as it was created. */
export type CreatedHeader = { name: string | null; endingBefore: Date | null; netPaymentTermsDays: number };

export type ContractView = {
  row: ContractRow;
  productNames: ReadonlyMap<string, string>;
  creditTypes: ReadonlyMap<string, CreditTypeRecord>;
  /** When asked for: each commit's and credit's balance now, including what the open drafts draw. */
  balances?: ReadonlyMap<string, Balance>;
  /** The contract's commits and credits as the balance APIs return them, with `balance` and `ledger` when asked for. */
  balanceRecords: BalanceRecord[];
  /** Its creation and amendments, oldest first. */
  changes: ContractChange[];
  created: CreatedHeader;
  /** The instant the view is of (balances, the usage filter in force). */
  asOf: Date;
  /** Its auto-recharge (prepaid_balance_threshold_configuration), if it has one. */
  recharge: RechargeConfig | null;
  /** The live children a parent contract pays for (its hierarchy_configuration.children). */
  children: ChildRef[];
};

type Tx = Prisma.TransactionClient;
type Wanted = { balance: boolean; ledgers: boolean };

const overwriteCreditTypeId = (o: ContractRow["overrides"][number]) => (o.overwriteRate as { credit_type_id?: string } | null)?.credit_type_id;

async function describe(db: Tx, rows: ContractRow[]) {
  const productIds = rows.flatMap((row) => [
    ...row.commits.map((c) => c.productId),
    ...row.subscriptions.map((s) => s.productId),
    ...row.scheduledCharges.map((c) => c.productId),
    ...row.overrides.map((o) => o.productId),
    ...row.recurringCommits.map((r) => r.productId),
    // The products specifiers name, so a page can say what a balance or override applies to.
    ...[...row.commits, ...row.overrides, ...row.recurringCommits].flatMap((t) => storedSpecifiers(t.specifiers)?.map((s) => s.product_id) ?? []),
  ]).filter((id): id is string => !!id);
  const versions = await db.productVersion.findMany({ where: { productId: { in: [...new Set(productIds)] } }, orderBy: { startingAt: "asc" }, select: { productId: true, name: true } });
  const productNames = new Map(versions.map((v) => [v.productId, v.name]));
  const creditTypeIds = rows.flatMap((row) => [...row.commits.map((c) => c.creditTypeId), ...row.overrides.map(overwriteCreditTypeId)]);
  const creditTypes = await readCreditTypes(db, creditTypeIds.filter((id): id is string => !!id));
  const edits = await db.contractEdit.findMany({
    where: { contractId: { in: rows.map((r) => r.id) }, kind: { in: ["CREATE", "AMEND"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, contractId: true, kind: true, effectiveAt: true, createdAt: true, actorName: true, payload: true },
  });
  const changes = (contractId: string): ContractChange[] =>
    edits
      .filter((e) => e.contractId === contractId)
      .map((e) => ({ id: e.id, kind: e.kind as ContractChange["kind"], effectiveAt: e.effectiveAt, createdAt: e.createdAt, createdBy: e.actorName }));
  const created = (row: ContractRow) => createdHeader(row, edits.find((e) => e.contractId === row.id && e.kind === "CREATE")?.payload);
  return { productNames, creditTypes, changes, created };
}

/**
 * The name, end and payment terms the contract was created with, read from its creation request
 * with the schema that took it; the current ones if that request no longer reads.
 */
function createdHeader(row: ContractRow, request: unknown): CreatedHeader {
  const parsed = request === undefined ? undefined : ZCreateContract.safeParse(request);
  if (!parsed?.success) return { name: row.name, endingBefore: row.endingBefore, netPaymentTermsDays: row.netPaymentTermsDays };
  return { name: parsed.data.name ?? null, endingBefore: parsed.data.ending_before ?? null, netPaymentTermsDays: parsed.data.net_payment_terms_days ?? 0 };
}

/**
 * The contracts' commits and credits as records, with their balances and ledgers at `at` when
 * wanted, as the balance APIs count them: the ledger and what every open draft of the customer
 * draws (lib/services/balances). A customer whose drafts cannot be priced (a contract a bad edit
 * left unbillable) gets its ledger balances.
 */
async function balancesOf(ctx: ServiceContext, rows: readonly ContractRow[], at: Date, wanted: Wanted) {
  const commits = rows.flatMap((row) => row.commits);
  if (commits.length === 0) return { records: [], balances: wanted.balance ? new Map<string, Balance>() : undefined };
  let state;
  if (wanted.balance || wanted.ledgers) {
    const customerId = rows[0]!.customerId;
    const drafts = await computeOpenDrafts(ctx.db, customerId, at).catch((e: unknown) => (appErrorOf(e) ? false : Promise.reject(e)));
    state = await balanceState(ctx.db, customerId, commits, at, drafts);
  }
  const records = await balanceRecords(ctx.db, commits, at, state, wanted.ledgers);
  // A ledger needs the balances computed; the balance itself is shown only when asked for.
  return {
    records: wanted.balance ? records : records.map(({ balance: _, ...record }) => record),
    balances: wanted.balance ? state!.balances : undefined,
  };
}

async function views(ctx: ServiceContext, rows: ContractRow[], at: Date, wanted: Wanted): Promise<ContractView[]> {
  const { productNames, creditTypes, changes, created } = await describe(ctx.db, rows);
  const { records, balances } = await balancesOf(ctx, rows, at, wanted);
  const recharges = await readRechargeConfigs(ctx.db, rows.map((r) => r.id));
  const children = await readChildren(ctx.db, rows.filter((r) => r.invoiceConsolidationType).map((r) => r.id));
  return rows.map((row) => ({
    row,
    productNames,
    creditTypes,
    balances,
    balanceRecords: records.filter((r) => r.contractId === row.id),
    changes: changes(row.id),
    created: created(row),
    asOf: at,
    recharge: recharges.get(row.id) ?? null,
    children: children.filter((c) => c.parentContractId === row.id),
  }));
}

async function contractView(ctx: ServiceContext, q: z.output<typeof ZGetContractV1>, at: Date): Promise<ContractView> {
  const { row } = await readContract(ctx.db, q.customer_id, q.contract_id);
  const [view] = await views(ctx, [row], at, { balance: !!q.include_balance, ledgers: !!q.include_ledgers });
  return view!;
}

/** POST /v2/contracts/get (and the console's contract page): balances as of `as_of_date`, or now. */
export async function getContract(ctx: ServiceContext, input: TGetContract, now: Date): Promise<ContractView> {
  const q = parseInput(ZGetContract, input);
  return contractView(ctx, q, q.as_of_date ?? now);
}

/** POST /v1/contracts/get. */
export async function getContractV1(ctx: ServiceContext, input: TGetContractV1, now: Date): Promise<ContractView> {
  return contractView(ctx, parseInput(ZGetContractV1, input), now);
}

/**
 * POST /v1/contracts/list and /v2/contracts/list: a customer's contracts, oldest first. Metronome's
 * lists are not paged; a customer has at most MAX_CONTRACTS_PER_CUSTOMER, which bounds the answer.
 */
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
    take: MAX_CONTRACTS_PER_CUSTOMER,
    select: CONTRACT_SELECT,
  });
  return views(ctx, rows, now, { balance: !!q.include_balance, ledgers: !!q.include_ledgers });
}
