import { formatPeriod, readableQuantity, formatQuantity } from "@/lib/format";
import { formatAmount, type CreditUnit } from "@/lib/format-money";
import { lineTypeLabel, type LineRow } from "@/lib/services/invoices/line-row";

// The one table of an invoice's lines: the console's invoice document, the portal's issued
// invoices and the portal's live spend. Each shows the engine's figures as they are; nothing is
// added up here. The two surfaces differ in look only (the console's document, the portal's
// themed cards), and in how exactly a quantity is written (every digit in the console, two
// decimals in the portal, whose CSV has every digit).



/** A row under the lines: the subtotal, an adjustment (discount, commit or credit applied), the total. */
export type TotalRow = { kind: "subtotal" | "adjustment" | "total"; label: React.ReactNode; amount: string };

type Look = "document" | "portal";

const HEAD: Record<Look, { row: string; cell: (i: number, last: boolean, left: number) => string }> = {
  document: {
    row: "text-xs uppercase tracking-wide text-slate-500",
    cell: (i, last) => `border-b border-slate-200 ${i === 0 || last ? "px-6" : "px-4"} py-2 ${i === 0 ? "text-left" : "text-right"} font-medium`,
  },
  portal: { row: "text-left text-[var(--p-muted)]", cell: (i, _last, left) => `py-1.5 ${i < left ? "" : "text-right "}font-medium` },
};

const FOOT: Record<TotalRow["kind"], [string, string]> = {
  subtotal: ["px-6 pt-4 pb-2 text-right font-medium text-slate-600", "px-6 pt-4 pb-2 text-right tabular-nums font-medium text-slate-900"],
  adjustment: ["px-6 py-1 text-right font-normal text-slate-600", "px-6 py-1 text-right tabular-nums text-emerald-700"],
  total: ["px-6 pt-3 pb-5 text-right text-base font-semibold text-slate-900", "px-6 pt-3 pb-5 text-right text-base font-semibold tabular-nums text-slate-900"],
};

export function LineItemsTable({ look, caption, lines, unit, totals, kindColumn = false, emptyText }: {
  look: Look;
  caption: string;
  lines: LineRow[];
  unit: CreditUnit;
  totals: TotalRow[];
  /** The portal's live spend names each line's kind in a column of its own. */
  kindColumn?: boolean;
  emptyText?: string;
}) {
  const document = look === "document";
  const headers = [document ? "Description" : "Item", ...(kindColumn ? ["Kind"] : []), "Quantity", "Unit price", "Amount"];
  const span = headers.length - 1;
  const blank = document ? "—" : "";
  const cell = document ? "border-b border-slate-100 px-4 py-3 text-right tabular-nums text-slate-700" : "tabular py-1.5 text-right";
  return (
    <div className="overflow-x-auto" {...(document ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}>
      <table className={document ? "min-w-full text-sm" : "w-full text-sm"}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className={HEAD[look].row}>
            {headers.map((h, i) => <th key={h} scope="col" className={HEAD[look].cell(i, i === headers.length - 1, kindColumn ? 2 : 1)}>{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && emptyText && (
            <tr>
              <td colSpan={headers.length} className="px-6 py-6 text-center text-slate-500">{emptyText}</td>
            </tr>
          )}
          {lines.map((line, i) => (
            <tr key={i} className={document ? undefined : "border-t border-[var(--p-border)]"}>
              {document ? (
                <td className="border-b border-slate-100 px-6 py-3">
                  <span className="font-medium text-slate-900">{line.name}</span>
                  {line.group && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{line.group}</span>}
                  <span className="block text-xs text-slate-500">
                    {lineTypeLabel(line.type)}
                    {line.startingOn !== line.endingBefore && ` · ${formatPeriod(line.startingOn, line.endingBefore)}`}
                  </span>
                </td>
              ) : (
                <td className="py-1.5">
                  {line.name}
                  {line.group ? <span className="text-[var(--p-muted)]"> · {line.group}</span> : null}
                </td>
              )}
              {kindColumn && <td className="py-1.5 text-[var(--p-muted)]">{lineTypeLabel(line.type)}</td>}
              <td className={cell}>{line.quantity === null ? blank : document ? formatQuantity(line.quantity) : readableQuantity(line.quantity)}</td>
              <td className={cell}>{line.unitPrice === null ? blank : formatAmount(line.unitPrice, unit)}</td>
              <td className={document ? "border-b border-slate-100 px-6 py-3 text-right tabular-nums font-medium text-slate-900" : `tabular py-1.5 text-right ${kindColumn && line.total.startsWith("-") ? "text-[var(--p-green)]" : ""}`}>
                {formatAmount(line.total, unit)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {totals.map((row, i) =>
            document ? (
              <tr key={i}>
                <th scope="row" colSpan={span} className={FOOT[row.kind][0]}>{row.label}</th>
                <td className={FOOT[row.kind][1]}>{formatAmount(row.amount, unit)}</td>
              </tr>
            ) : (
              <tr key={i} className="border-t-2 border-[var(--p-border)] font-semibold">
                <td className="py-2" colSpan={span}>{row.label}</td>
                <td className="tabular py-2 text-right">{formatAmount(row.amount, unit)}</td>
              </tr>
            ),
          )}
        </tfoot>
      </table>
    </div>
  );
}
