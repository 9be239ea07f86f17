import { breakdownUsagePlan, computeInvoiceBreakdowns, invoiceUpTo, type InvoiceBreakdown } from "@/lib/billing/breakdowns";
import { ZERO } from "@/lib/billing/decimal";
import { explainRefusal } from "@/lib/billing/errors";
import { childPeriodIn, childStatement, paidByParent, type ChildStatement } from "@/lib/billing/hierarchy";
import { computeInvoice } from "@/lib/billing/invoice";
import { billingPeriodAt } from "@/lib/billing/periods";
import { planUsage } from "@/lib/billing/usage-plan";
import type { Invoice, LedgerEntry, Window } from "@/lib/billing/types";
import type { Contract } from "@/lib/billing/contract-terms";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { usageForPlan } from "@/lib/metering/usage-records";
import { CatalogCache, catalogVersion } from "@/lib/services/billing/catalog-cache";
import { loadPricingContext, type PricingContext } from "@/lib/services/billing/pricing-context";
import { loadAll, type PricingLoaders } from "@/lib/services/billing/pricing-loaders";
import {
  COMMIT_SELECT,
  CONTRACT_SELECT,
  readContract,
  readLedger,
  sharedBalanceFor,
  termCreditTypeIds,
  termProductIds,
  toEngineContract,
  type CommitRow,
  type ContractRow,
} from "@/lib/services/contracts/contract-record";
import { readChildren } from "@/lib/services/contracts/hierarchy";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { draftInvoiceId } from "./open-draft";

// The live draft invoice of a contract's period, computed on every read from the rollups and
// the ledger — never stored, so a new event or a contract edit shows up on the next read.

export type DraftInvoice = {
  invoice: Invoice;
  contract: Contract;
  customerId: string;
  pricing: PricingContext;
};

type Db = PrismaClient | Prisma.TransactionClient;

export type BillableContract = Awaited<ReturnType<typeof loadContractForBilling>>;

/** A contract's terms as the engine reads them, under the catalog version they were read at. */
export type Terms = { version: bigint; row: ContractRow; contract: Contract; productIds: string[]; balanceIds: string[] };

const termsCache = new CatalogCache<Terms>(2000);

const termsKey = (version: bigint, customerId: string, contractId: string) => `${version}|${customerId}|${contractId}`;

function toTerms(version: bigint, row: ContractRow, customerCommits: readonly CommitRow[], creditTypes: Awaited<ReturnType<typeof readCreditTypes>>): Terms {
  // A child its parent pays for draws on the parent's balances, not on its own customer's (lib/billing/hierarchy.ts).
  const drawn = row.hierarchyPayer === "PARENT" ? [] : customerCommits;
  const customerBalances = drawn.map((b) => sharedBalanceFor(row.id, b)).filter((b): b is CommitRow => b !== undefined);
  const balanceRows = [...row.commits, ...customerBalances];
  return { version, row, contract: toEngineContract(row, customerBalances, creditTypes), productIds: termProductIds(row, customerBalances), balanceIds: balanceRows.map((c) => c.id) };
}

/** A contract's terms as the engine reads them, with the customer-level balances it draws on. */
async function readTerms(db: Db, version: bigint, customerId: string, contractId: string): Promise<Terms> {
  const { row, customerBalances } = await readContract(db, customerId, contractId);
  const creditTypes = await readCreditTypes(db, termCreditTypeIds(row, customerBalances));
  return toTerms(version, row, customerBalances, creditTypes);
}

/**
 * Reads the terms of every live contract of these customers in a few queries, by contract id,
 * for a run about to price them (the period close, the billing-state refresh: listOpenContracts).
 */
export async function prefetchTerms(db: Db, customerIds: readonly string[]): Promise<Map<string, Terms>> {
  const version = await catalogVersion(db);
  const rows = await db.contract.findMany({ where: { customerId: { in: [...customerIds] }, archivedAt: null }, select: CONTRACT_SELECT });
  const commits = await db.commit.findMany({ where: { customerId: { in: [...customerIds] }, contractId: null, archivedAt: null }, orderBy: { createdAt: "asc" }, select: COMMIT_SELECT });
  const creditTypes = await readCreditTypes(db, [...rows.flatMap((r) => termCreditTypeIds(r, [])), ...commits.map((c) => c.creditTypeId)]);
  const byCustomer = new Map<string, CommitRow[]>();
  for (const c of commits) byCustomer.set(c.customerId, [...(byCustomer.get(c.customerId) ?? []), c]);
  return new Map(rows.map((row) => [row.id, toTerms(version, row, byCustomer.get(row.customerId) ?? [], creditTypes)]));
}

/**
 * What a contract needs to be priced at `at`: its terms (`prefetched` when read with the
 * customer's others and still of the catalog version, else cached under it: catalog-cache.ts),
 * its rate card (cached likewise), and its ledger (read fresh: every close writes it).
 */
export async function loadContractForBilling(db: Db, customerId: string, contractId: string, at: Date, loaders?: PricingLoaders, prefetched?: Terms) {
  const version = loaders ? await loaders.version() : await catalogVersion(db);
  const { row, contract, productIds, balanceIds } =
    prefetched?.version === version ? prefetched : await termsCache.get(termsKey(version, customerId, contractId), () => readTerms(db, version, customerId, contractId));
  if (!row.rateCardId) throw new AppError("unprocessable", "This contract has no rate card, so it has nothing to price.");
  const pricing = await loadPricingContext(db, row.rateCardId, productIds, at, version);
  const ledger = loaders ? await loaders.ledger(balanceIds) : await readLedger(db, balanceIds);
  return { row, contract, pricing, ledger };
}

/**
 * The draft invoice of one period of a loaded contract. `pending` is what drafts of earlier
 * open periods (not in the ledger until they are finalized) already draw from the same balances.
 */
export async function priceDraftInvoice(
  db: Db,
  customerId: string,
  billing: BillableContract,
  period: Window,
  pending: readonly LedgerEntry[] = [],
  loaders?: PricingLoaders,
): Promise<DraftInvoice> {
  const { contract, pricing, ledger } = billing;
  return explainRefusal({ prefix: "The contract cannot be priced" }, async () => {
    const children = billing.row.invoiceConsolidationType ? await childStatements(db, billing.row.id, period, loaders) : [];
    const invoice = await priceOwnInvoice(db, customerId, billing, period, [...ledger, ...pending], loaders, children);
    // A child its parent pays for: its charges are on the parent's invoice, nothing is left on its own.
    return { invoice: billing.row.hierarchyPayer === "PARENT" ? paidByParent(invoice) : invoice, contract, customerId, pricing };
  });
}

/** A contract's invoice of `period` from its customer's usage, with the statements of the children it consolidates. */
async function priceOwnInvoice(
  db: Db,
  customerId: string,
  { contract, pricing }: BillableContract,
  period: Window,
  ledger: readonly LedgerEntry[],
  loaders: PricingLoaders | undefined,
  children: readonly ChildStatement[] = [],
): Promise<Invoice> {
  const plan = planUsage({ contract, rateCard: pricing.index, period });
  const usage = await usageForPlan(db, customerId, plan, pricing.metrics, loaders ? (requests) => loadAll(loaders.usage, requests) : undefined);
  return computeInvoice({ contract, rateCard: pricing.index, period, usage, ledger, children });
}

/**
 * The statements a parent's invoice of `period` consolidates: each live child its parent pays
 * for, priced on its own contract from its own customer's usage over its period within this one.
 * The origin names the child's invoice of that period (a draft keeps its id when it is closed).
 */
async function childStatements(db: Db, parentContractId: string, period: Window, loaders?: PricingLoaders): Promise<ChildStatement[]> {
  const statements: ChildStatement[] = [];
  // Products as they are in the parent's period (the engine has no clock; this is the period's last instant).
  const at = new Date(period.endingBefore.getTime() - 1);
  for (const child of await readChildren(db, [parentContractId])) {
    const billing = await loadContractForBilling(db, child.customerId, child.id, at, loaders);
    const childPeriod = childPeriodIn(billing.contract, period);
    if (!childPeriod) continue;
    const invoice = await explainRefusal({ prefix: `Child contract ${child.id} cannot be priced` }, () => priceOwnInvoice(db, child.customerId, billing, childPeriod, billing.ledger, loaders));
    const origin = { customerId: child.customerId, contractId: child.id, invoiceId: draftInvoiceId(child.id, childPeriod.startingAt) };
    statements.push(childStatement(origin, invoice, billing.pricing.index));
  }
  return statements;
}

/**
 * A loaded contract's invoice of `period` broken down into `windows` (lib/billing/breakdowns.ts):
 * priced as priceDraftInvoice prices it, from the rollups up to each window's edges.
 */
export async function priceInvoiceBreakdowns(
  db: Db,
  customerId: string,
  { row, contract, pricing, ledger }: BillableContract,
  period: Window,
  windows: readonly Window[],
  pending: readonly LedgerEntry[] = [],
): Promise<{ invoice: Invoice; breakdowns: InvoiceBreakdown[] }> {
  return explainRefusal({ prefix: "The contract cannot be priced" }, async () => {
    const plan = breakdownUsagePlan(planUsage({ contract, rateCard: pricing.index, period }), windows);
    const usage = await usageForPlan(db, customerId, plan, pricing.metrics);
    const childrenUpTo = row.invoiceConsolidationType ? await childStatementsUpTo(db, row.id, period, windows) : undefined;
    const priced = computeInvoiceBreakdowns({ contract, rateCard: pricing.index, period, usage, ledger: [...ledger, ...pending], windows, ...(childrenUpTo ? { childrenUpTo } : {}) });
    // A child its parent pays for has nothing on its invoice, in any window (lib/billing/hierarchy.ts).
    if (row.hierarchyPayer !== "PARENT") return priced;
    return { invoice: paidByParent(priced.invoice), breakdowns: priced.breakdowns.map((b) => ({ ...b, lines: [], subtotal: ZERO, total: ZERO })) };
  });
}

/**
 * childStatements as of each edge of `windows`: each child's usage cut at the windows' edges
 * within its period, so a parent's breakdowns show its children's usage in the windows it fell in.
 */
async function childStatementsUpTo(db: Db, parentContractId: string, period: Window, windows: readonly Window[]): Promise<(t: number) => ChildStatement[]> {
  const at = new Date(period.endingBefore.getTime() - 1);
  const children: ((t: number) => ChildStatement | undefined)[] = [];
  for (const child of await readChildren(db, [parentContractId])) {
    const billing = await loadContractForBilling(db, child.customerId, child.id, at);
    const childPeriod = childPeriodIn(billing.contract, period);
    if (!childPeriod) continue;
    const start = childPeriod.startingAt.getTime();
    const end = childPeriod.endingBefore.getTime();
    const clipped = windows
      .map((w) => ({ startingAt: new Date(Math.max(w.startingAt.getTime(), start)), endingBefore: new Date(Math.min(w.endingBefore.getTime(), end)) }))
      .filter((w) => w.startingAt < w.endingBefore);
    const { contract, pricing } = billing;
    const plan = breakdownUsagePlan(planUsage({ contract, rateCard: pricing.index, period: childPeriod }), clipped);
    const usage = await usageForPlan(db, child.customerId, plan, pricing.metrics);
    const upTo = invoiceUpTo({ contract, rateCard: pricing.index, period: childPeriod, usage, ledger: billing.ledger });
    const origin = { customerId: child.customerId, contractId: child.id, invoiceId: draftInvoiceId(child.id, childPeriod.startingAt) };
    children.push((t) => {
      const clamped = Math.min(Math.max(t, start), end);
      return clamped <= start ? undefined : childStatement(origin, upTo(clamped), pricing.index);
    });
  }
  return (t) => children.map((statementAt) => statementAt(t)).filter((s): s is ChildStatement => s !== undefined);
}

/** The draft invoice of the period containing `at` (or of `period`), from live usage. */
export async function computeDraftInvoice(db: Db, customerId: string, contractId: string, at: Date, period?: Window): Promise<DraftInvoice> {
  const loaded = await loadContractForBilling(db, customerId, contractId, at);
  const window = period ?? billingPeriodAt(loaded.contract, at);
  if (!window) throw new AppError("not_found", "The contract has no billing period at that time.");
  return priceDraftInvoice(db, customerId, loaded, window);
}
