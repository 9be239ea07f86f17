import { z } from "zod";
import { ZFlag } from "@/lib/services/zod-fields";

// POST /v1/ingest: Metronome's event shape. Limits keep one request's work bounded and reject
// what cannot be a real usage event (megabyte properties, deep nesting) with a clear 400.
export const MAX_EVENTS_PER_REQUEST = 10_000;
export const MAX_PROPERTIES_BYTES = 32 * 1024;
export const MAX_PROPERTIES_DEPTH = 8;
// PostgreSQL text cannot hold NUL characters, and neither text nor jsonb a lone UTF-16 surrogate
// (JSON's "\ud800" parses into one), so an event carrying either could never be stored.
const NO_NUL = (s: string) => !s.includes("\u0000");
// With the u flag a surrogate pair reads as one code point, so only a lone surrogate is a Cs.
const LONE_SURROGATE = /\p{Cs}/u;
const WELL_FORMED = (s: string) => !LONE_SURROGATE.test(s);
export const isStorableText = (s: string) => NO_NUL(s) && WELL_FORMED(s);
export const MAX_ID_LENGTH = 128;
const ID = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine(NO_NUL, "must not contain NUL characters")
  .refine(WELL_FORMED, "must be well-formed Unicode (no lone surrogates)");
// RFC 3339 with a zone: what Metronome accepts, and unambiguous.
export const MAX_TIMESTAMP_LENGTH = 40;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * An RFC 3339 string (already matched by RFC3339) that names a real instant. Date.parse rolls
 * 2026-11-31 over to December 1st and takes 24:00; PostgreSQL refuses the first, so both are
 * refused here, by the calendar.
 */
export function isRealInstant(timestamp: string): boolean {
  // The calendar fields are digits RFC3339 matched: small integers, not amounts.
  // eslint-disable-next-line no-restricted-syntax
  const part = (from: number, to: number) => Number(timestamp.slice(from, to));
  const year = part(0, 4);
  const month = part(5, 7);
  const day = part(8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > (month === 2 && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1]!)) return false;
  if (part(11, 13) > 23 || part(14, 16) > 59 || part(17, 19) > 59) return false;
  return !Number.isNaN(Date.parse(timestamp));
}

function hasUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return !isStorableText(value);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, child]) => !isStorableText(key) || hasUnstorableText(child));
}

function depth(value: unknown, level = 0): number {
  if (level > MAX_PROPERTIES_DEPTH || value === null || typeof value !== "object") return level;
  let deepest = level;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child, level + 1));
  return deepest;
}

// Strict: a key the event does not have is refused by name, never dropped.
export const ZIngestEvent = z.strictObject({
  transaction_id: ID,
  customer_id: ID,
  event_type: ID,
  timestamp: z
    .string()
    .max(MAX_TIMESTAMP_LENGTH)
    .regex(RFC3339, "must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z")
    .refine(isRealInstant, "is not a real date and time"),
  properties: z
    .record(z.string(), z.unknown(), "must be a JSON object")
    .refine((p) => JSON.stringify(p).length <= MAX_PROPERTIES_BYTES, `must be at most ${MAX_PROPERTIES_BYTES / 1024} KB as JSON`)
    .refine((p) => depth(p) <= MAX_PROPERTIES_DEPTH, `must not nest deeper than ${MAX_PROPERTIES_DEPTH} levels`)
    .refine((p) => !hasUnstorableText(p), "must not contain NUL characters or lone surrogates (keys and values)")
    .optional(),
});

export const ZIngest = z
  .array(ZIngestEvent, "must be a JSON array of events")
  .min(1, "must contain at least one event")
  .max(MAX_EVENTS_PER_REQUEST, `must contain at most ${MAX_EVENTS_PER_REQUEST} events`);
export type TIngest = z.input<typeof ZIngest>;

const INSTANT = z.iso.datetime({ offset: true, message: "must be an RFC 3339 timestamp" }).transform((s) => new Date(s));
const WINDOW = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(["HOUR", "DAY", "NONE"], "must be hour, day or none"));
const GROUP_BY = z.object({ key: z.string().min(1), values: z.array(z.string()).min(1).max(200).optional() });

/** Long ranges at fine windows would return more buckets than anyone can read. */
export const MAX_BUCKETS = 24 * 100;
/** The longest range a usage read covers, whatever its window (ten years and a few leap days). */
export const MAX_SPAN_DAYS = 3660;

export const ZListUsage = z
  .object({
    starting_on: INSTANT,
    ending_before: INSTANT,
    window_size: WINDOW,
    customer_ids: z.array(z.uuid()).max(100).optional(),
    billable_metrics: z.array(z.object({ id: z.uuid(), group_by: GROUP_BY.optional() })).max(100).optional(),
    next_page: z.string().max(500).optional(),
  })
  .refine((b) => b.starting_on < b.ending_before, { message: "must be after starting_on", path: ["ending_before"] });
export type TListUsage = z.input<typeof ZListUsage>;

export const ZListUsageGroups = z
  .object({
    customer_id: z.uuid(),
    billable_metric_id: z.uuid(),
    window_size: WINDOW,
    starting_on: INSTANT.optional(),
    ending_before: INSTANT.optional(),
    current_period: ZFlag.optional(),
    group_by: GROUP_BY.optional(),
    group_key: z.array(z.string().min(1)).min(1).max(10).optional(),
    group_filters: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(100),
    next_page: z.string().max(500).optional(),
  })
  .refine((b) => !b.current_period || (b.starting_on === undefined && b.ending_before === undefined), {
    message: "give either current_period or starting_on and ending_before, not both",
    path: ["current_period"],
  })
  .refine((b) => b.current_period || (b.starting_on && b.ending_before && b.starting_on < b.ending_before), {
    message: "give starting_on and a later ending_before, or current_period",
    path: ["starting_on"],
  });
export type TListUsageGroups = z.input<typeof ZListUsageGroups>;

export const ZSearchEvents = z.object({
  transactionIds: z.array(z.string().min(1).max(128)).min(1).max(100),
});
export type TSearchEvents = z.input<typeof ZSearchEvents>;
