import { Td } from "@/components/ui/table";
import { formatAmount } from "@/lib/format-money";
import { LOW_BALANCE_SHARE } from "@/lib/services/billing-state/constants";
import type { CustomerStandingSummary } from "@/lib/services/overview/list-customer-standings";

/** A customer list row's live cells: spend so far this period, and what its commits and credits have left. */
export function CustomerStandingCells({ standing }: { standing: CustomerStandingSummary | undefined }) {
  if (!standing?.ok) {
    return (
      <>
        <Td align="right" className="text-xs">{standing ? <span title={standing.message} className="text-red-700">Cannot be priced</span> : <span className="text-slate-500">Updating…</span>}</Td>
        <Td align="right" className="text-slate-400">—</Td>
      </>
    );
  }
  return (
    <>
      <Td align="right" className="tabular whitespace-nowrap text-slate-900">
        {standing.spend.length ? standing.spend.map((s) => <span key={s.creditType.id} className="block">{formatAmount(s.charges, s.creditType)}</span>) : <span className="text-slate-400">—</span>}
      </Td>
      <Td align="right" className="tabular whitespace-nowrap">
        {standing.remaining.length ? (
          standing.remaining.map((r) => {
            const low = r.granted.gt(0) && r.remaining.div(r.granted).lt(LOW_BALANCE_SHARE);
            return (
              <span key={r.creditType.id} className={`block ${low ? "font-medium text-amber-800" : "text-slate-900"}`}>
                {formatAmount(r.remaining, r.creditType)}
                <span className="font-normal text-slate-500"> of {formatAmount(r.granted, r.creditType)}</span>
              </span>
            );
          })
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </Td>
    </>
  );
}
