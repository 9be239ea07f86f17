"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bucketLabel, bucketTick, bucketWord, seriesColor, seriesSummary, type WindowSize } from "@/lib/chart-series";
import { formatCompact, readableQuantity } from "@/lib/format";

export type UsageChartMetric = { id: string; name: string; products: string[]; total: string; values: (string | null)[] };

/**
 * A customer's usage of each billable metric over the current period, one bar per day (per hour
 * in short periods). Buckets still to come are drawn empty so the period's length shows.
 */
export function CustomerUsageCharts({ buckets, windowSize, metrics }: { buckets: string[]; windowSize: WindowSize; metrics: UsageChartMetric[] }) {
  const label = bucketLabel(windowSize, { utc: true });
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {metrics.map((metric, m) => {
        const data = buckets.map((start, i) => ({ start, value: metric.values[i] === null ? null : Number(metric.values[i]), exact: metric.values[i] ?? null }));
        return (
          <figure key={metric.id} className="rounded-lg border border-slate-200 p-4" data-testid="customer-usage-metric">
            <figcaption className="mb-2">
              <span className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 truncate text-sm font-medium text-slate-900">{metric.name}</span>
                <span className="tabular whitespace-nowrap text-sm text-slate-900">
                  {readableQuantity(metric.total)}
                  <span className="ml-1 text-xs text-slate-500">this period</span>
                </span>
              </span>
              <span className="block truncate text-xs text-slate-500">Billed as {metric.products.join(", ")}</span>
            </figcaption>
            <div
              className="h-36"
              role="img"
              aria-label={`${metric.name} per ${bucketWord(windowSize)} this period: ${seriesSummary(data, label)}`}
            >
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={1}>
                  <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="start" tickFormatter={bucketTick(windowSize)} stroke="#94a3b8" fontSize={11} minTickGap={24} />
                  <YAxis tickFormatter={(v: number) => formatCompact(v)} stroke="#94a3b8" fontSize={11} width={44} tickCount={4} />
                  <Tooltip
                    separator=": "
                    cursor={{ fill: "#f1f5f9" }}
                    labelFormatter={(v) => label(String(v))}
                    formatter={(_v, _n, item) => {
                      const exact = (item.payload as { exact: string | null }).exact;
                      return [exact === null ? "not yet" : readableQuantity(exact), metric.name];
                    }}
                  />
                  <Bar dataKey="value" fill={seriesColor(m)} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
