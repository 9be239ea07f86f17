import { computeInvoice } from "@/lib/billing/invoice";
import { billingPeriodAt } from "@/lib/billing/periods";
import { planUsage } from "@/lib/billing/usage-plan";
import type { Invoice, LedgerEntry, Window } from "@/lib/billing/types";
import type { Contract } from "@/lib/billing/contract-terms";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { usageForPlan } from "@/lib/metering/usage-records";
import { loadPricingContext, type PricingContext, type PricingMemo } from "@/lib/services/billing/pricing-context";
import { readContract, readLedger, sharedBalanceFor, termProductIds, toEngineContract, type CommitRow } from "@/lib/services/contracts/contract-record";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";

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

/** What a contract needs to be priced at `at`: its terms, its rate card, its ledger. */
export async function loadContractForBilling(db: Db, customerId: string, contractId: string, at: Date, memo?: PricingMemo) {
  const { row, customerBalances: all } = await readContract(db, customerId, contractId);
  const customerBalances = all.map((b) => sharedBalanceFor(row.id, b)).filter((b): b is CommitRow => b !== undefined);
  if (!row.rateCardId) throw new AppError("unprocessable", "This contract has no rate card, so it has nothing to price.");
  const pricing = await loadPricingContext(db, row.rateCardId, termProductIds(row, customerBalances), at, memo);
  const balanceRows = [...row.commits, ...customerBalances];
  const creditTypes = await readCreditTypes(db, balanceRows.map((c) => c.creditTypeId));
  const contract = toEngineContract(row, customerBalances, creditTypes);
  const ledger = await readLedger(db, balanceRows.map((c) => c.id));
  return { row, contract, pricing, ledger };
}

/**
 * The draft invoice of one period of a loaded contract. `pending` is what drafts of earlier
 * open periods (not in the ledger until they are finalized) already draw from the same balances.
 */
export async function priceDraftInvoice(
  db: Db,
  customerId: string,
  { contract, pricing, ledger }: BillableContract,
  period: Window,
  pending: readonly LedgerEntry[] = [],
): Promise<DraftInvoice> {
  try {
    const plan = planUsage({ contract, rateCard: pricing.index, period });
    const usage = await usageForPlan(db, customerId, plan, pricing.metrics);
    const invoice = computeInvoice({ contract, rateCard: pricing.index, period, usage, ledger: [...ledger, ...pending] });
    return { invoice, contract, customerId, pricing };
  } catch (error) {
    if (error instanceof Error && error.name === "BillingInputError") throw new AppError("unprocessable", `The contract cannot be priced: ${error.message}`);
    throw error;
  }
}

/** The draft invoice of the period containing `at` (or of `period`), from live usage. */
export async function computeDraftInvoice(db: Db, customerId: string, contractId: string, at: Date, period?: Window): Promise<DraftInvoice> {
  const loaded = await loadContractForBilling(db, customerId, contractId, at);
  const window = period ?? billingPeriodAt(loaded.contract, at);
  if (!window) throw new AppError("not_found", "The contract has no billing period at that time.");
  return priceDraftInvoice(db, customerId, loaded, window);
}
