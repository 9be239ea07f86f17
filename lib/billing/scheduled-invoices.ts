import type { Contract } from "./contract-terms";
import { sameCreditType } from "./money";
import { billingPeriodAt } from "./periods";
import { sum } from "./decimal";
import { validateContract } from "./contract-terms";
import { type RateCardIndex } from "./rate-schedule";
import { commitPurchaseLines, scheduledChargeLines } from "./scheduled-charges";
import type { Invoice, LineItem, Window } from "./types";

/**
 * SCHEDULED invoices: what a contract bills on a date rather than for a period — scheduled
 * charges and prepaid commit purchases — one invoice per date and credit type, as Metronome
 * issues them. The window selects the dates (startingAt inclusive, endingBefore exclusive); an
 * invoice's own window is its date (startingAt = endingBefore). Negative scheduled charges are
 * not here: they are discounts on the usage invoice of their period, capped at what it bills.
 */
export function computeScheduledInvoices(contract: Contract, index: RateCardIndex, window: Window): Invoice[] {
  validateContract(contract, index);
  const due: LineItem[] = [...scheduledChargeLines(contract, index, window).charges, ...commitPurchaseLines(contract, index, window)].filter((line) => !onUsageInvoice(contract, index, line));
  const byDate = new Map<string, LineItem[]>();
  for (const line of due) {
    const key = `${line.startingAt.toISOString()} ${line.creditType.id}`;
    byDate.set(key, [...(byDate.get(key) ?? []), line]);
  }
  return [...byDate.values()]
    .map((lines): Invoice => {
      const total = sum(lines.map((line) => line.total));
      const date = lines[0]!.startingAt;
      return {
        contractId: contract.id,
        startingAt: date,
        endingBefore: date,
        creditType: lines[0]!.creditType,
        lines,
        subtotal: total,
        total,
        ledgerEntries: [],
        unbilledUsage: [],
      };
    })
    .sort((a, b) => a.startingAt.getTime() - b.startingAt.getTime() || (a.creditType.id < b.creditType.id ? -1 : 1));
}

/**
 * Metronome's `scheduled_charges_on_usage_invoices: ALL`: a scheduled charge or commit purchase
 * dated exactly at the end of one of the contract's billing periods, in the rate card's currency,
 * is billed on that period's USAGE invoice rather than on its own. Any other date (or a custom
 * unit, which a usage invoice does not total) keeps its SCHEDULED invoice.
 */
export function onUsageInvoice(contract: Contract, index: RateCardIndex, line: LineItem): boolean {
  if (!contract.scheduledChargesOnUsageInvoices || !sameCreditType(line.creditType, index.fiatCreditType)) return false;
  const t = line.startingAt.getTime();
  return billingPeriodAt(contract, new Date(t - 1))?.endingBefore.getTime() === t;
}

/** The scheduled charges and commit purchases the USAGE invoice of `period` bills (onUsageInvoice): those dated at its end. */
export function usageInvoiceCharges(contract: Contract, index: RateCardIndex, period: Window): LineItem[] {
  if (!contract.scheduledChargesOnUsageInvoices) return [];
  const at = { startingAt: period.endingBefore, endingBefore: new Date(period.endingBefore.getTime() + 1) };
  return [...scheduledChargeLines(contract, index, at).charges, ...commitPurchaseLines(contract, index, at)].filter((line) => onUsageInvoice(contract, index, line));
}
