"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PortalUsage } from "@/lib/services/portal/portal-usage";
import { PortalCard } from "./portal-shell";
import { bucketLabel, bucketWord, themedSeriesColor } from "@/lib/chart-series";
import { formatCompact, formatPeriodInWords, readableQuantity } from "@/lib/format";
import { LiveStatus, Placeholder } from "./live-status";
import { usePortalData } from "./use-portal-data";

export function UsageView({ token }: { token: string }) {
  const query = usePortalData<PortalUsage>("/api/portal/usage", token, { live: true });
  const usage = query.data;
  return (
    <>
      <LiveStatus query={query} />
      {!usage ? (
        <Placeholder height="h-96" />
      ) : usage.products.length === 0 ? (
        <PortalCard title="No usage yet">
          <p className="text-sm text-[var(--p-muted)]">Nothing has been used in the current billing period.</p>
        </PortalCard>
      ) : (
        usage.products.map((product) => <ProductUsage key={product.name} product={product} windowSize={usage.windowSize} period={usage.period!} />)
      )}
    </>
  );
}

function ProductUsage({ product, windowSize, period }: { product: PortalUsage["products"][number]; windowSize: PortalUsage["windowSize"]; period: NonNullable<PortalUsage["period"]> }) {
  const label = bucketLabel(windowSize);
  // Chart points are numbers only to draw bars; every figure in text comes from the decimal strings.
  const data = product.buckets.map((b) => ({
    t: label(b.startingOn),
    ...Object.fromEntries(product.groups.map((g) => [g, Number(b.values[g] ?? 0)])),
  }));
  return (
    <PortalCard
      title={product.name}
      subtitle={`${product.metricName} per ${bucketWord(windowSize)}, ${formatPeriodInWords(period.startingOn, period.endingBefore)}${product.groupKey ? ` · by ${product.groupKey}` : ""}`}
      actions={
        <p className="text-right">
          <span className="block text-xs uppercase tracking-wide text-[var(--p-muted)]">Period total</span>
          <span className="tabular text-lg font-semibold" data-testid="portal-usage-total">
            {readableQuantity(product.total)}
          </span>
        </p>
      }
    >
      <p className="sr-only">{`${product.name}: ${readableQuantity(product.total)} this period; the table below gives the totals.`}</p>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--p-border)" vertical={false} />
            <XAxis dataKey="t" tick={{ fill: "var(--p-muted)", fontSize: 12 }} stroke="var(--p-border)" minTickGap={16} />
            <YAxis tick={{ fill: "var(--p-muted)", fontSize: 12 }} stroke="var(--p-border)" width={64} tickFormatter={(v: number) => formatCompact(v)} />
            <Tooltip contentStyle={{ background: "var(--p-surface)", border: "1px solid var(--p-border)", color: "var(--p-text)" }} cursor={{ fill: "var(--p-subtle)" }} />
            {product.groups.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => <span style={{ color: "var(--p-text)" }}>{value}</span>} /> : null}
            {product.groups.map((group, i) => (
              <Bar key={group} dataKey={group} stackId="usage" fill={themedSeriesColor(i)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="mt-4 w-full text-sm">
        <caption className="sr-only">{product.name} totals this period</caption>
        <thead>
          <tr className="text-left text-[var(--p-muted)]">
            <th scope="col" className="py-1 font-medium">{product.groupKey ?? "Usage"}</th>
            <th scope="col" className="py-1 text-right font-medium">This period</th>
          </tr>
        </thead>
        <tbody>
          {product.groupTotals.map((g, i) => (
            <tr key={g.group} className="border-t border-[var(--p-border)]">
              <td className="py-1.5">
                <span aria-hidden="true" className="mr-2 inline-block h-2.5 w-2.5 rounded-sm" style={{ background: themedSeriesColor(i) }} />
                {g.group}
              </td>
              <td className="tabular py-1.5 text-right">{readableQuantity(g.quantity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PortalCard>
  );
}
