import type { Contract } from "./contract-terms";
import { BillingInputError } from "./errors";
import { computeInvoice } from "./invoice";
import type { RateCardIndex } from "./rate-schedule";
import type { Invoice, UsageRecord, Window } from "./types";

// A historical invoice (createHistoricalInvoices, for teams migrating their billing history):
// quantities a team already billed elsewhere, priced at the contract's rates — the rate card with
// the contract's overrides — for one of its past periods, as a usage invoice would price them.
// Only the usage given is billed: no subscription, scheduled charge or discount of the period,
// and no commit or credit is drawn (that history is not Rateline's to rewrite).

/**
 * The invoice of `usage` over `period` at the contract's rates. Refuses usage the contract cannot
 * price (a product it is not entitled to, or that has no rate then), naming the product.
 */
export function historicalInvoice(contract: Contract, index: RateCardIndex, period: Window, usage: readonly UsageRecord[]): Invoice {
  const ratesOnly: Contract = {
    ...contract,
    commits: [],
    credits: [],
    subscriptions: [],
    scheduledCharges: [],
    percentageDiscounts: [],
    usageFilters: [],
    scheduledChargesOnUsageInvoices: false,
  };
  const invoice = computeInvoice({ contract: ratesOnly, rateCard: index, period, usage });
  const unbilled = invoice.unbilledUsage[0];
  if (unbilled) {
    const why = unbilled.reason === "NOT_ENTITLED" ? "the contract is not entitled to it" : "it has no rate";
    throw new BillingInputError(`product ${unbilled.productId} cannot be priced from ${unbilled.startingAt.toISOString()}: ${why}`);
  }
  return invoice;
}
