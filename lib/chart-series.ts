import { Decimal } from "@/lib/billing/decimal";
import { formatClock, formatCompact, formatDayHour, formatShortDay, readableQuantity, type Instant } from "@/lib/format";
import { inDollars, type CreditUnit } from "@/lib/format-money";

// Chart series for the console and the portal. Chart coordinates are JS numbers, which is fine for
// drawing; every figure a person reads (labels, tooltips, tables) comes from the decimal strings.

export type WindowSize = "HOUR" | "DAY";

/** What one bucket is, in words: "hour" or "day". */
export const bucketWord = (windowSize: WindowSize) => (windowSize === "HOUR" ? "hour" : "day");

/** A bucket's name in a tooltip or a summary: "Nov 1, 14:00" (with `utc`, "… UTC") for hours, "Nov 1" for days. */
export function bucketLabel(windowSize: WindowSize, { utc = false } = {}): (at: Instant) => string {
  if (windowSize === "DAY") return formatShortDay;
  return utc ? (at) => `${formatDayHour(at)} UTC` : formatDayHour;
}

/** A bucket's tick on the time axis: the clock for hours, the day for days. */
export const bucketTick = (windowSize: WindowSize) => (windowSize === "HOUR" ? formatClock : formatShortDay);

/** The last `count` known points of a series in words, for a chart's text alternative: "Nov 1 3; Nov 2 4.5". */
export function seriesSummary(points: { start: string; exact: string | null }[], label: (at: Instant) => string, count = 7): string {
  return points
    .filter((p): p is { start: string; exact: string } => p.exact !== null)
    .slice(-count)
    .map((p) => `${label(p.start)} ${readableQuantity(p.exact)}`)
    .join("; ");
}

// Series colours: the first is the surface's brand blue (the console's, the portal's), then the same palette.
const PALETTE = ["#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#84cc16", "#64748b"];
export const CONSOLE_SERIES = ["#3b54d6", ...PALETTE];
export const PORTAL_SERIES = ["#4f6bed", ...PALETTE];

/** The console's colour for the `i`th series. */
export const seriesColor = (i: number) => CONSOLE_SERIES[i % CONSOLE_SERIES.length]!;
/** The portal's colour for the `i`th series: the link's theme (UsageLine_0…9) when it sets one. */
export const themedSeriesColor = (i: number) => `var(--rl-UsageLine_${i % 10}, ${PORTAL_SERIES[i % 10]})`;

/** Chart height of an amount: dollars for USD cents (as the console reads them), else the unit itself. */
export function amountPoint(amount: string, unit: CreditUnit): number {
  return (inDollars(unit) ? new Decimal(amount).div(100) : new Decimal(amount)).toNumber();
}

/** An axis tick for a chart drawn with amountPoint: "$1.2K", "350". */
export function amountTick(value: number, unit: CreditUnit): string {
  return inDollars(unit) ? `$${formatCompact(value)}` : formatCompact(value);
}
