import type { Decimal } from "@/lib/billing/decimal";
import { toCsv } from "@/lib/csv";
import { inputUnitLabel, toInputAmount } from "@/lib/format-money";
import type { FinanceReport } from "./finance-report";

// The finance report as the two CSV files finance imports: invoice lines, and the balance ledger.
// Amounts are exact, in the unit people read (dollars for USD cents), with the unit on every row
// (a report may hold several credit types).

type Unit = FinanceReport["lines"][number]["creditType"];
const amount = (value: Decimal | null, unit: Unit) => (value === null ? "" : toInputAmount(value, unit));
const day = (d: Date) => d.toISOString().slice(0, 10);

export function financeFilename(report: FinanceReport, what: string, extension: string): string {
  return `rateline-${what}-${day(report.from)}-to-${day(report.to)}.${extension}`;
}

export function invoiceLinesCsv(report: FinanceReport): string {
  return toCsv([
    ["invoice_id", "invoice_type", "customer_id", "customer", "contract_id", "period_start", "period_end", "line", "line_type", "name", "product_id", "commit_id", "quantity", "unit_price", "amount", "unit"],
    ...report.lines.map((l) => [
      l.invoiceId,
      l.invoiceType,
      l.customerId,
      l.customerName,
      l.contractId ?? "",
      l.periodStart.toISOString(),
      l.periodEnd.toISOString(),
      String(l.position + 1),
      l.type,
      l.name,
      l.productId ?? "",
      l.commitId ?? "",
      l.quantity?.toFixed() ?? "",
      amount(l.unitPrice, l.creditType),
      amount(l.amount, l.creditType),
      inputUnitLabel(l.creditType),
    ]),
  ]);
}

export function balanceLedgerCsv(report: FinanceReport): string {
  return toCsv([
    ["customer_id", "customer", "balance_id", "balance", "kind", "contract_id", "unit", "opening", "granted", "billed", "drawn_down", "true_ups", "manual", "rolled_over", "expired", "closing"],
    ...report.balances.map((b) => [
      b.customerId,
      b.customerName,
      b.balanceId,
      b.balanceName,
      b.kind,
      b.contractId ?? "",
      inputUnitLabel(b.creditType),
      ...[b.opening, b.granted, b.billed, b.drawnDown, b.trueUps, b.manual, b.rolledOver, b.expired, b.closing].map((v) => amount(v, b.creditType)),
    ]),
  ]);
}
