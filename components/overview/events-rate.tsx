"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatCount } from "@/lib/format";
import type { Overview } from "@/lib/services/overview/get-overview";

/** Events per minute over the last hour, by event timestamp. */
export function EventsRate({ events }: { events: Overview["events"] }) {
  const perMinute = events.perMinute;
  const whole = perMinute.slice(0, -1);
  const peak = Math.max(0, ...whole.map((m) => m.count));
  const average = whole.reduce((n, m) => n + m.count, 0) / Math.max(1, whole.length);
  const lastFive = whole.slice(-5).reduce((n, m) => n + m.count, 0) / 5;
  return (
    <div>
      <dl className="mb-3 grid grid-cols-3 gap-3 text-sm">
        <Figure label="Last 5 min" value={`${lastFive.toFixed(1)}/min`} />
        <Figure label="Hour average" value={`${average.toFixed(1)}/min`} />
        <Figure label="Peak minute" value={formatCount(peak)} />
      </dl>
      <div className="h-40" role="img" aria-label={`Events per minute over the last hour: ${formatCount(events.lastHour)} in all, ${average.toFixed(1)} a minute on average, at most ${formatCount(peak)} in a minute.`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={perMinute} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={1}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" tickFormatter={(v: string) => formatClock(v)} stroke="#94a3b8" fontSize={11} minTickGap={32} />
            <YAxis allowDecimals={false} stroke="#94a3b8" fontSize={11} width={32} />
            <Tooltip separator=": " cursor={{ fill: "#f1f5f9" }} labelFormatter={(v) => `${formatClock(String(v))} UTC`} formatter={(v) => [formatCount(Number(v)), "Events"]} />
            <Bar dataKey="count" fill="#0ea5e9" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="tabular font-semibold text-slate-900">{value}</dd>
    </div>
  );
}
