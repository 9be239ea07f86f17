import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatQuantity, isoDay } from "@/lib/format";
import { formatAmount, type CreditUnit } from "@/lib/format-money";
import type { ContractView } from "@/lib/services/contracts/get-contract";

// The contract's terms that bill on their own or record the deal: threshold billing,
// auto-recharge, the contract it renews or supersedes, its total value and professional services.

type Props = { view: ContractView; unit: CreditUnit; productName: (id: string | null) => string };

const transitionVerb = { RENEWAL: "Renews", SUPERSEDE: "Supersedes" } as const;
const transitionedVerb = { RENEWAL: "Renewed by", SUPERSEDE: "Superseded by" } as const;

function OnOff({ enabled }: { enabled: boolean }) {
  return <Badge tone={enabled ? "green" : "neutral"}>{enabled ? "on" : "off"}</Badge>;
}

export function DealTerms({ view, unit, productName }: Props) {
  const { row, recharge } = view;
  const threshold = row.spendThreshold;
  const next = row.transitionTo && !row.transitionTo.archivedAt ? row.transitionTo : null;
  const terms = threshold || recharge || row.transitionFromId || next || row.totalContractValue || row.professionalServices.length > 0;
  return (
    <>
      <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-900">Billing triggers and deal terms</h3>
      {!terms ? (
        <p className="text-sm text-slate-500">None: the contract is invoiced at the end of each billing period.</p>
      ) : (
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]" aria-label="Billing triggers and deal terms">
          {threshold && (
            <>
              <dt className="text-slate-500">Threshold billing</dt>
              <dd className="text-slate-900">
                <OnOff enabled={threshold.isEnabled} /> Invoice at once when unbilled spend in a period reaches{" "}
                <span className="font-medium tabular-nums">{formatAmount(threshold.thresholdAmount.toString(), unit)}</span>
                <span className="text-slate-500"> · bought as {threshold.name ?? productName(threshold.productId)}</span>
              </dd>
            </>
          )}
          {recharge && (
            <>
              <dt className="text-slate-500">Auto-recharge</dt>
              <dd className="text-slate-900">
                <OnOff enabled={recharge.isEnabled} /> When the prepaid balance falls to{" "}
                <span className="font-medium tabular-nums">{formatAmount(recharge.thresholdAmount.toString(), unit)}</span>, buy it back up to{" "}
                <span className="font-medium tabular-nums">{formatAmount(recharge.rechargeToAmount.toString(), unit)}</span>
                {recharge.paymentFraction && <span className="text-slate-500"> · {formatQuantity(recharge.paymentFraction.times(100).toString())}% of it invoiced</span>}
              </dd>
            </>
          )}
          {row.transitionFromId && row.transitionType && (
            <>
              <dt className="text-slate-500">{transitionVerb[row.transitionType]}</dt>
              <dd><Link href={`/contracts/${row.transitionFromId}`} className="text-brand-700 hover:underline">the previous contract</Link><span className="text-slate-500">, from {isoDay(row.startingAt)}</span></dd>
            </>
          )}
          {next?.transitionType && (
            <>
              <dt className="text-slate-500">{transitionedVerb[next.transitionType]}</dt>
              <dd><Link href={`/contracts/${next.id}`} className="text-brand-700 hover:underline">the next contract</Link><span className="text-slate-500">, from {isoDay(next.startingAt)}</span></dd>
            </>
          )}
          {row.totalContractValue && (
            <>
              <dt className="text-slate-500">Total contract value</dt>
              <dd className="text-slate-900"><span className="font-medium tabular-nums">{formatAmount(row.totalContractValue.toString(), unit)}</span> <span className="text-slate-500">(recorded, not billed)</span></dd>
            </>
          )}
          {row.professionalServices.length > 0 && (
            <>
              <dt className="text-slate-500">Professional services</dt>
              <dd>
                <ul className="space-y-1 text-slate-800" aria-label="Professional services">
                  {row.professionalServices.map((s) => (
                    <li key={s.id}>
                      <span className="font-medium">{s.description ?? productName(s.productId)}</span>: {formatQuantity(s.quantity.toString())} × {formatAmount(s.unitPrice.toString(), unit)}
                      <span className="text-slate-500"> · at most {formatAmount(s.maxAmount.toString(), unit)}</span>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      )}
    </>
  );
}
