"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Decimal } from "@/lib/billing/decimal";
import { formatAmount, type CreditUnit } from "@/lib/format-money";

export type ProductBars = { name: string; before: string; after: string };

/**
 * Revenue per product before and after, side by side. Bar heights are JS numbers (fine for
 * drawing); every amount a person reads is formatted from the exact decimal string.
 */
export function ImpactChart({ products, unit }: { products: ProductBars[]; unit: CreditUnit }) {
  const data = products.map((p) => ({ ...p, beforeValue: Number(p.before), afterValue: Number(p.after) }));
  const description = products.map((p) => `${p.name}: ${formatAmount(p.before, unit)} before, ${formatAmount(p.after, unit)} after`).join("; ");
  return (
    <div className="h-72 w-full" role="img" aria-label={`Revenue per product before and after the change. ${description}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barGap={4}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" stroke="#64748b" fontSize={12} interval={0} />
          <YAxis tickFormatter={(v: number) => formatAmount(new Decimal(v).toDecimalPlaces(0), unit)} stroke="#64748b" fontSize={12} width={96} />
          <Tooltip
            separator=": "
            formatter={(_value, name, item) => {
              const row = item.payload as ProductBars;
              return [formatAmount(name === "Before" ? row.before : row.after, unit), name];
            }}
            cursor={{ fill: "#f1f5f9" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <Bar dataKey="beforeValue" name="Before" fill="#94a3b8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="afterValue" name="After" fill="#3b54d6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
