import { z } from "zod";

// POST /v1/ingest: Metronome's event shape. Limits keep one request's work bounded and reject
// what cannot be a real usage event (megabyte properties, deep nesting) with a clear 400.
export const MAX_EVENTS_PER_REQUEST = 10_000;
export const MAX_PROPERTIES_BYTES = 32 * 1024;
export const MAX_PROPERTIES_DEPTH = 8;
const ID = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters");
// RFC 3339 with a zone: what Metronome accepts, and unambiguous.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

function depth(value: unknown, level = 0): number {
  if (level > MAX_PROPERTIES_DEPTH || value === null || typeof value !== "object") return level;
  let deepest = level;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child, level + 1));
  return deepest;
}

export const ZIngestEvent = z.object({
  transaction_id: ID,
  customer_id: ID,
  event_type: ID,
  timestamp: z
    .string()
    .max(40)
    .regex(RFC3339, "must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z")
    .refine((t) => !Number.isNaN(Date.parse(t)), "is not a real date"),
  properties: z
    .record(z.string(), z.unknown(), "must be a JSON object")
    .refine((p) => JSON.stringify(p).length <= MAX_PROPERTIES_BYTES, `must be at most ${MAX_PROPERTIES_BYTES / 1024} KB as JSON`)
    .refine((p) => depth(p) <= MAX_PROPERTIES_DEPTH, `must not nest deeper than ${MAX_PROPERTIES_DEPTH} levels`)
    .optional(),
});

export const ZIngest = z
  .array(ZIngestEvent, "must be a JSON array of events")
  .min(1, "must contain at least one event")
  .max(MAX_EVENTS_PER_REQUEST, `must contain at most ${MAX_EVENTS_PER_REQUEST} events`);
export type TIngest = z.input<typeof ZIngest>;
