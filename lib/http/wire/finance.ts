import type { FinanceReport } from "@/lib/services/finance/finance-report";

// The finance report as JSON, snake_case like the rest of the API; amounts are exact numbers in
// the credit type's own unit (cents for USD cents), as Metronome's invoices carry them.

export function financeReportWire(report: FinanceReport) {
  return {
    from: report.from.toISOString(),
    to: report.to.toISOString(),
    reconciled: report.reconciled,
    mismatches: report.mismatches.map((m) => ({ check: m.check, invoice_id: m.invoiceId, balance_id: m.balanceId, expected: m.expected, actual: m.actual })),
    totals: report.totals.map((t) => ({
      credit_type: t.creditType,
      invoices: t.invoices,
      invoice_total: t.invoiceTotal,
      line_total: t.lineTotal,
      applied_balance_lines: t.appliedLines,
      ledger_deductions: t.ledgerDeductions,
      true_up_lines: t.trueUpLines,
      ledger_true_ups: t.ledgerTrueUps,
      commit_purchases: t.commitPurchases,
    })),
    invoice_lines: report.lines.map((l) => ({
      invoice_id: l.invoiceId,
      invoice_type: l.invoiceType,
      customer_id: l.customerId,
      customer_name: l.customerName,
      contract_id: l.contractId,
      period_start: l.periodStart.toISOString(),
      period_end: l.periodEnd.toISOString(),
      position: l.position,
      type: l.type,
      name: l.name,
      product_id: l.productId,
      commit_id: l.commitId,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      amount: l.amount,
      credit_type: l.creditType,
    })),
    balance_ledger: report.balances.map((b) => ({
      customer_id: b.customerId,
      customer_name: b.customerName,
      balance_id: b.balanceId,
      balance_name: b.balanceName,
      kind: b.kind,
      contract_id: b.contractId,
      credit_type: b.creditType,
      opening: b.opening,
      granted: b.granted,
      billed: b.billed,
      drawn_down: b.drawnDown,
      true_ups: b.trueUps,
      manual: b.manual,
      rolled_over: b.rolledOver,
      expired: b.expired,
      closing: b.closing,
    })),
  };
}
