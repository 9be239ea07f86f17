// Display formatting for the console and portal. Counts are plain integers; money is formatted
// from decimal strings elsewhere, never through a JS number.

const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return COUNT.format(n);
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return RELATIVE.format(seconds, "second");
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  return RELATIVE.format(Math.round(seconds / 86400), "day");
}

export function formatDateTime(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** A decimal string with thousands separators, every digit kept ("1234567.25" → "1,234,567.25"). */
export function formatQuantity(decimal: string): string {
  const [whole = "0", fraction] = decimal.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${digits}${fraction ? `.${fraction}` : ""}`;
}

/** To the second: events and audit entries are told apart by it. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

// Dates and periods. Billing periods are whole UTC days, half-open [start, end): a period's last
// day is the day before its end. Every date a person reads is in UTC, as the periods are.

export type Instant = string | number | Date;
const toDate = (at: Instant) => (at instanceof Date ? at : new Date(at));

const SHORT_DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const CLOCK = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const DAY_HOUR = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const MONTH = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-11-01". */
export const isoDay = (at: Instant) => toDate(at).toISOString().slice(0, 10);
/** "Nov 1". */
export const formatShortDay = (at: Instant) => SHORT_DAY.format(toDate(at));
/** "Nov 1, 2026". */
export const formatDate = (at: Instant) => DATE.format(toDate(at));
/** "14:00". */
export const formatClock = (at: Instant) => CLOCK.format(toDate(at));
/** "Nov 1, 14:00". */
export const formatDayHour = (at: Instant) => DAY_HOUR.format(toDate(at));
/** "November 2026". */
export const formatMonth = (at: Instant) => MONTH.format(toDate(at));

/** The last instant inside a half-open period ending at `end`: on the period's last day. */
export const lastInstant = (end: Instant) => new Date(toDate(end).getTime() - 1);

function period(start: Instant, end: Instant, day: (at: Instant) => string): string {
  // A SCHEDULED invoice bills a date, not a range.
  if (toDate(start).getTime() === toDate(end).getTime()) return day(start);
  return `${day(start)} – ${day(lastInstant(end))}`;
}

/** A period as the console's tables read it: "2026-11-01 – 2026-11-30"; one day alone when it bills a date. */
export const formatPeriod = (start: Instant, end: Instant) => period(start, end, isoDay);
/** A period in words, as the portal and the customer page read it: "Nov 1, 2026 – Nov 30, 2026". */
export const formatPeriodInWords = (start: Instant, end: Instant) => period(start, end, formatDate);

// Quantities and chart numbers.

/** A quantity for reading: thousands separators, at most two decimals (the API and the CSV have every digit). */
export function readableQuantity(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  const trimmed = fraction.slice(0, 2).replace(/0+$/, "");
  return formatQuantity(trimmed ? `${whole}.${trimmed}` : whole);
}

const COMPACT = [0, 1, 2].map((digits) => new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: digits }));

/** A chart axis number: "1.2K", "3.5M"; at most `digits` decimals. */
export const formatCompact = (value: number, digits: 0 | 1 | 2 = 1) => COMPACT[digits]!.format(value);
