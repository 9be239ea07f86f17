"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Overview } from "@/lib/services/overview/get-overview";
import { bucketLabel, bucketTick, bucketWord, seriesColor, seriesSummary } from "@/lib/chart-series";
import { formatCompact, readableQuantity } from "@/lib/format";

const AGGREGATION: Record<string, string> = { COUNT: "count", SUM: "sum", MAX: "maximum", UNIQUE: "distinct values", LATEST: "latest value" };

/** One small area chart per billable metric (their units differ), over the chosen range. */
export function UsageTrend({ usage }: { usage: Overview["usage"] }) {
  const label = bucketLabel(usage.windowSize, { utc: true });
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {usage.metrics.map((metric, m) => {
        const data = usage.buckets.map((start, i) => ({ start, value: Number(metric.values[i]), exact: metric.values[i]! }));
        const additive = metric.total !== null;
        const latest = metric.values.at(-1) ?? "0";
        return (
          <figure key={metric.id} className="rounded-lg border border-slate-200 p-4" data-testid="usage-trend-metric">
            <figcaption className="mb-2 flex items-baseline justify-between gap-3">
              <span className="min-w-0 truncate text-sm font-medium text-slate-900">{metric.name}</span>
              <span className="tabular whitespace-nowrap text-right text-sm text-slate-900">
                {additive ? readableQuantity(metric.total!) : readableQuantity(latest)}
                <span className="ml-1 text-xs text-slate-500">{additive ? "in range" : `latest ${bucketWord(usage.windowSize)}`}</span>
              </span>
            </figcaption>
            <div
              className="h-32"
              role="img"
              aria-label={`${metric.name} (${AGGREGATION[metric.aggregationType] ?? metric.aggregationType}) per ${bucketWord(usage.windowSize)}, all customers: ${seriesSummary(data, label)}`}
            >
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
                  <defs>
                    <linearGradient id={`trend-${metric.id}`} x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor={seriesColor(m)} stopOpacity={0.35} />
                      <stop offset="100%" stopColor={seriesColor(m)} stopOpacity={0.02} />
                    </linearGradient>
                  </defs>
                  <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="start" tickFormatter={bucketTick(usage.windowSize)} stroke="#94a3b8" fontSize={11} minTickGap={24} />
                  <YAxis tickFormatter={(v: number) => formatCompact(v)} stroke="#94a3b8" fontSize={11} width={44} tickCount={4} />
                  <Tooltip separator=": " labelFormatter={(v) => label(String(v))} formatter={(_v, _n, item) => [readableQuantity((item.payload as { exact: string }).exact), metric.name]} />
                  <Area type="monotone" dataKey="value" stroke={seriesColor(m)} strokeWidth={2} fill={`url(#trend-${metric.id})`} isAnimationActive={false} />
                </AreaChart>
              </ResponsiveContainer>
            </div>
            {!additive && <p className="mt-1 text-xs text-slate-500">Per customer {AGGREGATION[metric.aggregationType]}, added up across customers.</p>}
          </figure>
        );
      })}
    </div>
  );
}
