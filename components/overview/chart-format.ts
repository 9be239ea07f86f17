import { Decimal } from "@/lib/billing/decimal";
import { formatQuantity } from "@/lib/format";
import { formatAmount, inDollars, type CreditUnit } from "@/lib/format-money";

// Display helpers for the console's charts. Chart coordinates are JS numbers, which is fine for
// drawing; every figure a person reads (labels, tooltips, tables) comes from the decimal strings.

const DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const HOUR = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const DAY_HOUR = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatDay = (iso: string | Date) => DAY.format(new Date(iso));
export const formatClock = (iso: string | Date) => HOUR.format(new Date(iso));
export const formatDayHour = (iso: string | Date) => `${DAY_HOUR.format(new Date(iso))} UTC`;
export const compact = (v: number) => COMPACT.format(v);

/** Chart height of an amount: dollars for USD cents (as the console reads them), else the unit itself. */
export function amountPoint(amount: string, unit: CreditUnit): number {
  return (inDollars(unit) ? new Decimal(amount).div(100) : new Decimal(amount)).toNumber();
}

/** An axis tick for a chart drawn with amountPoint: "$1.2K", "350 GPU credits". */
export function amountTick(value: number, unit: CreditUnit): string {
  return inDollars(unit) ? `$${compact(value)}` : compact(value);
}

/** A quantity for reading: thousands separators, at most two decimals (the API has every digit). */
export function readableQuantity(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const trimmed = fraction.slice(0, 2).replace(/0+$/, "");
  return formatQuantity(trimmed ? `${whole}.${trimmed}` : whole);
}

export const money = (amount: string, unit: CreditUnit) => formatAmount(amount, unit);

export const SERIES = ["#3b54d6", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#84cc16", "#64748b"];
export const seriesColor = (i: number) => SERIES[i % SERIES.length]!;
