import { formatDateTime } from "@/lib/format";
import { shortPrice, type RateView } from "./rate-view";

const DAY = 86_400_000;

export type TimelineSeries = { label: string; rates: RateView[] };

function tone(rate: RateView, now: number): string {
  const start = Date.parse(rate.startingAt);
  const end = rate.endingBefore ? Date.parse(rate.endingBefore) : Infinity;
  if (end <= now) return "bg-slate-200 text-slate-700";
  if (start > now) return "bg-emerald-100 text-emerald-900 ring-1 ring-inset ring-emerald-300";
  return "bg-brand-600 text-white";
}

/**
 * Each pricing group's rates as segments on one time axis, with today marked: past prices grey,
 * the current one solid, scheduled ones green. The page's tables carry the same rates as text.
 */
export function RateTimeline({ series, now }: { series: TimelineSeries[]; now: Date }) {
  const rates = series.flatMap((s) => s.rates);
  if (!rates.length) return null;
  const instants = rates.flatMap((r) => [Date.parse(r.startingAt), ...(r.endingBefore ? [Date.parse(r.endingBefore)] : [])]);
  const first = Math.min(...instants, now.getTime());
  const last = Math.max(...instants, now.getTime());
  // Room after the last change, so an open-ended price visibly runs on.
  const span = Math.max(last - first, 30 * DAY) * 1.15;
  const at = (t: number) => `${(((t - first) / span) * 100).toFixed(3)}%`;
  const width = (a: number, b: number) => `${(((b - a) / span) * 100).toFixed(3)}%`;
  return (
    <div aria-hidden className="space-y-3">
      <div className="relative ml-40 h-5 text-xs text-slate-500">
        <span className="absolute left-0">{formatDateTime(new Date(first)).slice(0, 10)}</span>
        <span className="absolute -translate-x-1/2 font-medium text-slate-900" style={{ left: at(now.getTime()) }}>Now</span>
        <span className="absolute right-0">{formatDateTime(new Date(first + span)).slice(0, 10)}</span>
      </div>
      {series.map((s) => (
        <div key={s.label} className="flex items-center gap-3">
          <span className="w-37 shrink-0 truncate text-right text-sm text-slate-600" title={s.label}>{s.label}</span>
          <div className="relative h-8 flex-1 rounded-md bg-slate-50 ring-1 ring-inset ring-slate-200">
            {s.rates.map((rate) => {
              const start = Date.parse(rate.startingAt);
              const end = rate.endingBefore ? Date.parse(rate.endingBefore) : first + span;
              return (
                <span
                  key={rate.id}
                  title={`${shortPrice(rate)} from ${formatDateTime(new Date(start))}${rate.endingBefore ? ` until ${formatDateTime(new Date(end))}` : ""}`}
                  className={`absolute inset-y-1 flex items-center overflow-hidden rounded px-1.5 text-xs font-medium whitespace-nowrap ${tone(rate, now.getTime())}`}
                  style={{ left: at(start), width: width(start, end) }}
                >
                  {shortPrice(rate)}
                </span>
              );
            })}
            <span className="absolute inset-y-0 w-px bg-slate-900" style={{ left: at(now.getTime()) }} />
          </div>
        </div>
      ))}
      <div className="ml-40 flex gap-4 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-slate-200" />Past</span>
        <span className="inline-flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-brand-600" />In force</span>
        <span className="inline-flex items-center gap-1.5"><span className="h-2.5 w-2.5 rounded-sm bg-emerald-100 ring-1 ring-emerald-300" />Scheduled</span>
      </div>
    </div>
  );
}
