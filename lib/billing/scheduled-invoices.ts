import type { Contract } from "./contract-terms";
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
  const due: LineItem[] = [...scheduledChargeLines(contract, index, window).charges, ...commitPurchaseLines(contract, index, window)];
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
