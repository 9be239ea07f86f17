"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Decimal } from "@/lib/billing/decimal";
import { amountPoint, amountTick } from "@/lib/chart-series";
import { formatAmount, type CreditUnit } from "@/lib/format-money";

export const TOP = 8;

export type RevenueRow = { key: string; name: string; amount: string; href?: string; note?: string };

/**
 * The largest contributors to this period's charges: a bar per row (the top ones) and a table
 * with every figure exact. `total` is what the shares are of.
 */
export function RevenueBreakdown({ label, rows, total, unit, color }: { label: string; rows: RevenueRow[]; total: string; unit: CreditUnit; color: string }) {
  const top = rows.slice(0, TOP);
  const data = top.map((r) => ({ name: r.name, value: amountPoint(r.amount, unit), amount: r.amount }));
  const whole = new Decimal(total);
  const share = (amount: string) => (whole.isZero() ? "—" : `${new Decimal(amount).div(whole).times(100).toDecimalPlaces(1).toFixed(1)}%`);
  const rest = rows.length - top.length;
  return (
    <figure>
      <div className="w-full" style={{ height: 40 + top.length * 34 }} role="img" aria-label={`Charges so far this period by ${label}: ${top.map((r) => `${r.name} ${formatAmount(r.amount, unit)}`).join("; ")}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} barCategoryGap={6}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={(v: number) => amountTick(v, unit)} stroke="#64748b" fontSize={12} />
            <YAxis type="category" dataKey="name" width={128} stroke="#64748b" fontSize={12} tickFormatter={(v: string) => (v.length > 18 ? `${v.slice(0, 17)}…` : v)} />
            <Tooltip separator=": " cursor={{ fill: "#f1f5f9" }} formatter={(_v, _n, item) => [formatAmount((item.payload as { amount: string }).amount, unit), "Charges"]} />
            <Bar dataKey="value" fill={color} radius={[0, 4, 4, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-3">
        <table className="w-full text-sm">
          <caption className="sr-only">Charges so far this period by {label}</caption>
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="py-1.5 font-medium">{label}</th>
              <th scope="col" className="py-1.5 text-right font-medium">Charges</th>
              <th scope="col" className="w-16 py-1.5 text-right font-medium">Share</th>
            </tr>
          </thead>
          <tbody>
            {top.map((r) => (
              <tr key={r.key} className="border-t border-slate-100">
                <td className="max-w-0 truncate py-1.5 pr-3">
                  {r.href ? <Link href={r.href} className="font-medium text-brand-700 hover:underline">{r.name}</Link> : <span className="text-slate-900">{r.name}</span>}
                  {r.note && <span className="ml-2 text-xs text-slate-500">{r.note}</span>}
                </td>
                <td className="tabular whitespace-nowrap py-1.5 text-right text-slate-900">{formatAmount(r.amount, unit)}</td>
                <td className="tabular py-1.5 text-right text-slate-500">{share(r.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rest > 0 && <p className="mt-2 text-xs text-slate-500">and {rest} more, with smaller charges.</p>}
      </figcaption>
    </figure>
  );
}
