import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_EVENTS_PER_REQUEST, MAX_ID_LENGTH, MAX_PROPERTIES_BYTES, MAX_TIMESTAMP_LENGTH, RFC3339, ZIngest, isRealInstant, isStorableText, type ZIngestEvent } from "./schemas";

// ZIngest is the rule for what an event may be, and the source of every error message. Checking
// a 1,000-event batch through it builds a parsed copy of every event and property, which was the
// largest share of ingest's CPU; so a batch whose events are all plainly valid (flat properties,
// nothing near a limit) is accepted by a direct check first. That check accepts only what ZIngest
// accepts (a property test holds it to that); anything it is unsure of goes through ZIngest.

export type IngestEvent = z.infer<typeof ZIngestEvent>;
export type IngestWindow = { now: Date; backdateDays: number };

const MAX_LISTED_ERRORS = 50;
const HOUR_MS = 3600_000;
// JSON.stringify writes a character as at most 6 (\uXXXX) and a number as at most 24.
const JSON_CHAR_MAX = 6;
const JSON_NUMBER_MAX = 24;

function bounds({ now, backdateDays }: IngestWindow) {
  return { earliest: now.getTime() - backdateDays * 24 * HOUR_MS, latest: now.getTime() + HOUR_MS };
}

const EVENT_KEYS = new Set(["transaction_id", "customer_id", "event_type", "timestamp", "properties"]);

const isId = (value: unknown): value is string => typeof value === "string" && value.length >= 1 && value.length <= MAX_ID_LENGTH && isStorableText(value);

/** A JSON object of strings, numbers, booleans and nulls, certainly under the size limit. */
function isFlatProperties(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  let size = 2;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (!isStorableText(key)) return false;
    size += key.length * JSON_CHAR_MAX + 4;
    if (typeof child === "string") {
      if (!isStorableText(child)) return false;
      size += child.length * JSON_CHAR_MAX + 2;
    } else if (typeof child === "number" || typeof child === "boolean" || child === null) {
      size += JSON_NUMBER_MAX;
    } else {
      return false;
    }
  }
  return size <= MAX_PROPERTIES_BYTES;
}

/** True only for an event ZIngestEvent accepts with a timestamp inside the window. */
export function isPlainlyValidEvent(event: unknown, earliest: number, latest: number): boolean {
  if (typeof event !== "object" || event === null) return false;
  for (const key in event) if (!EVENT_KEYS.has(key)) return false;
  const { transaction_id, customer_id, event_type, timestamp, properties } = event as Record<string, unknown>;
  if (!isId(transaction_id) || !isId(customer_id) || !isId(event_type)) return false;
  if (typeof timestamp !== "string" || timestamp.length > MAX_TIMESTAMP_LENGTH || !RFC3339.test(timestamp) || !isRealInstant(timestamp)) return false;
  const t = Date.parse(timestamp);
  if (!(t >= earliest && t <= latest)) return false;
  return properties === undefined || isFlatProperties(properties);
}

/** Every problem in the request, by event index and field. */
function validateWithSchema(body: unknown, window: IngestWindow): IngestEvent[] {
  const parsed = ZIngest.safeParse(body);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [index, ...field] = issue.path;
      if (issue.code === "unrecognized_keys" && typeof index === "number") {
        problems.push(...issue.keys.map((key) => `[${index}].${[...field, key].join(".")}: is not a field of this request`));
        continue;
      }
      problems.push(typeof index === "number" ? `[${index}]${field.length ? "." + field.join(".") : ""}: ${issue.message}` : `body ${issue.message}`);
    }
  } else {
    const { earliest, latest } = bounds(window);
    parsed.data.forEach((event, index) => {
      const t = Date.parse(event.timestamp);
      if (t < earliest) problems.push(`[${index}].timestamp: is more than ${window.backdateDays} days old`);
      if (t > latest) problems.push(`[${index}].timestamp: is more than 1 hour in the future`);
    });
  }
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED_ERRORS).join("; ");
    const more = problems.length > MAX_LISTED_ERRORS ? ` (and ${problems.length - MAX_LISTED_ERRORS} more)` : "";
    throw new AppError("bad_request", `Invalid events, nothing was stored: ${listed}${more}`);
  }
  return parsed.data!;
}

/** The request's events, or a 400 naming every bad event's index and field. */
export function validateIngest(body: unknown, window: IngestWindow): IngestEvent[] {
  const { earliest, latest } = bounds(window);
  const plain =
    Array.isArray(body) && body.length >= 1 && body.length <= MAX_EVENTS_PER_REQUEST && body.every((event) => isPlainlyValidEvent(event, earliest, latest));
  return plain ? (body as IngestEvent[]) : validateWithSchema(body, window);
}
