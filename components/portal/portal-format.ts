import { formatAmount, type CreditUnit } from "@/lib/format-money";
import { formatQuantity } from "@/lib/format";

// Portal display: dates in UTC (the billing periods are UTC), amounts via the console's rules.

const DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const HOUR = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });

export const formatDay = (iso: string | number) => DAY.format(new Date(iso));
export const formatDate = (iso: string | number) => DATE.format(new Date(iso));
export const formatHour = (iso: string | number) => HOUR.format(new Date(iso));

/** A half-open period [start, end) as people read it: its last day is the day before `end`. */
/** "Nov 1 – Nov 30, 2026"; a SCHEDULED invoice bills a date, shown alone. */
export const formatPeriod = (start: string, end: string) =>
  start === end ? formatDate(start) : `${formatDate(start)} – ${formatDate(new Date(new Date(end).getTime() - 1).toISOString())}`;

export const money = (amount: string, unit: CreditUnit) => formatAmount(amount, unit);

/** Quantities rounded for reading (the exact figure is in the API and the CSV). */
export function quantity(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const trimmed = fraction.slice(0, 2).replace(/0+$/, "");
  return formatQuantity(trimmed ? `${whole}.${trimmed}` : whole);
}

/** Series colours: the link's UsageLine_0…9, else a palette readable in light and dark. */
export const SERIES_DEFAULTS = ["#4f6bed", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#84cc16", "#64748b"];
export const seriesColor = (i: number) => `var(--rl-UsageLine_${i % 10}, ${SERIES_DEFAULTS[i % 10]})`;
