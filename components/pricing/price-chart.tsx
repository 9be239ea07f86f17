"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Decimal } from "@/lib/billing/decimal";
import type { PriceSpec } from "@/lib/billing/types";
import { formatCompact, formatQuantity } from "@/lib/format";
import { formatAmount, type CreditUnit } from "@/lib/format-money";
import { previewPoints, previewRange, totalFor } from "./price-preview";


/**
 * Total price against quantity for one billing period. Chart coordinates are JS numbers, which is
 * fine for drawing; every amount a person reads (tooltip, table) is formatted from the Decimal.
 */
export function PriceChart({ spec, unit }: { spec: PriceSpec; unit: CreditUnit }) {
  const upTo = previewRange(spec);
  const points = previewPoints(spec, upTo);
  const data = points.map((p) => ({ x: p.quantity.toNumber(), y: p.total.toNumber(), quantity: p.quantity, total: p.total }));
  const samples = [1, 2, 3, 4].map((quarter) => upTo.times(quarter).div(4).toDecimalPlaces(0, Decimal.ROUND_UP));
  const sampleTotals = samples.map((q) => ({ q, total: totalFor(spec, q) }));
  const describe = sampleTotals.map(({ q, total }) => `${formatQuantity(q.toFixed())} units: ${formatAmount(total, unit)}`).join("; ");
  return (
    <figure className="space-y-3">
      <div className="h-56 w-full" role="img" aria-label={`Total price by quantity in a billing period. ${describe}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" domain={[0, "dataMax"]} tickFormatter={(v: number) => formatCompact(v, 2)} stroke="#64748b" fontSize={12} />
            <YAxis dataKey="y" tickFormatter={(v: number) => formatAmount(new Decimal(v).toDecimalPlaces(6), unit)} stroke="#64748b" fontSize={12} width={88} />
            <Tooltip
              separator=": "
              formatter={(_value, _name, item) => [formatAmount((item.payload as { total: Decimal }).total, unit), "Total"]}
              labelFormatter={(_label, payload) => {
                const quantity = (payload?.[0]?.payload as { quantity?: Decimal } | undefined)?.quantity;
                return quantity ? `${formatQuantity(quantity.toFixed())} units` : "";
              }}
            />
            <Line type="linear" dataKey="y" stroke="#3b54d6" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <table className="w-full text-xs">
          <caption className="sr-only">Totals at sample quantities</caption>
          <thead>
            <tr className="text-left text-slate-500">
              {sampleTotals.map(({ q }) => (
                <th key={q.toFixed()} scope="col" className="pr-3 font-medium">{formatQuantity(q.toFixed())} units</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="tabular text-slate-900">
              {sampleTotals.map(({ q, total }) => (
                <td key={q.toFixed()} className="pr-3">{formatAmount(total, unit)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
