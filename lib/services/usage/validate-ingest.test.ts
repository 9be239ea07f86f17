import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZIngestEvent } from "./schemas";
import { isPlainlyValidEvent, validateIngest } from "./validate-ingest";

const NOW = new Date("2026-03-20T12:00:00Z");
const WINDOW = { now: NOW, backdateDays: 34 };
const EARLIEST = NOW.getTime() - 34 * 24 * 3600_000;
const LATEST = NOW.getTime() + 3600_000;

const typical = (i: number) => ({
  transaction_id: `t-${i}`,
  customer_id: "acme",
  event_type: "completion",
  timestamp: "2026-03-20T10:00:00.123Z",
  properties: { model: "large", tokens: 1200, cached: false, note: null },
});

// Values on both sides of every limit the schema sets, and of the window.
const text = fc.oneof({ arbitrary: fc.string({ maxLength: 12 }), weight: 6 }, fc.string({ minLength: 120, maxLength: 140 }), fc.constantFrom("", "a\u0000b", "x\ty", "é✓", "\ud800", "a\udfffb", "😀", "\ud83d"));
const id = fc.oneof({ arbitrary: text, weight: 8 }, fc.integer(), fc.constant(null));
const instant = fc.integer({ min: EARLIEST - 3 * 3600_000, max: LATEST + 3 * 3600_000 });
const timestamp = fc.oneof(
  { arbitrary: instant.map((t) => new Date(t).toISOString()), weight: 6 },
  instant.map((t) => new Date(t).toISOString().replace("Z", "+02:00")),
  instant.map((t) => new Date(t).toISOString().replace(".", ".123456").toLowerCase()),
  fc.constantFrom("2026-02-30T10:00:00Z", "2026-03-20 10:00:00Z", "2026-03-20T10:00:00", "yesterday", "2026-03-20T25:00:00Z"),
  // Inside the window but not on the calendar (Date.parse rolls them over to the next day).
  fc.constantFrom("2026-02-29T10:00:00Z", "2026-02-30T10:00:00Z", "2026-02-31T00:00:00Z", "2026-03-19T24:00:00Z", "2026-03-10T10:60:00Z"),
  fc.string({ maxLength: 45 }),
  fc.integer(),
);
const value = fc.oneof(
  text,
  fc.string({ minLength: 5000, maxLength: 6000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 10 }),
);
const properties = fc.oneof(
  { arbitrary: fc.dictionary(text, value, { maxKeys: 8 }), weight: 4 },
  { arbitrary: fc.dictionary(text, fc.oneof(text, fc.double(), fc.boolean()), { maxKeys: 8 }), weight: 4 },
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 2 }),
  fc.string(),
);
const fields = { transaction_id: id, customer_id: id, event_type: id, timestamp, properties, extra: fc.anything() };
// A key an event does not have (`extra`) is refused by both, so only the rarer shape has it.
const { extra: _extra, ...eventFields } = fields;
const event = fc.oneof({ arbitrary: fc.record(eventFields), weight: 4 }, fc.record(eventFields, { requiredKeys: [] }), fc.record(fields, { requiredKeys: [] }));

describe("the plainly-valid shortcut of ingest validation", () => {
  it("accepts only events the schema accepts, with a timestamp inside the window", () => {
    let accepted = 0;
    fc.assert(
      fc.property(event, (e) => {
        if (!isPlainlyValidEvent(e, EARLIEST, LATEST)) return;
        accepted++;
        expect(ZIngestEvent.safeParse(e).success).toBe(true);
        const t = Date.parse((e as { timestamp: string }).timestamp);
        expect(t >= EARLIEST && t <= LATEST).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    // The generator reaches the accepting side often enough for the property to mean something
    // (about 2.5 % of runs; the bound leaves room for the run's randomness).
    expect(accepted).toBeGreaterThan(150);
    // 10,000 runs take about a second alone, several on a loaded CI machine.
  }, 60_000);

  it("takes the usual event, and leaves nested properties and out-of-window times to the schema", () => {
    expect(isPlainlyValidEvent(typical(1), EARLIEST, LATEST)).toBe(true);
    expect(isPlainlyValidEvent({ ...typical(1), properties: undefined }, EARLIEST, LATEST)).toBe(true);
    expect(isPlainlyValidEvent({ ...typical(1), properties: { usage: { input: 1 } } }, EARLIEST, LATEST)).toBe(false);
    expect(isPlainlyValidEvent({ ...typical(1), timestamp: "2026-01-01T00:00:00Z" }, EARLIEST, LATEST)).toBe(false);
  });
});

describe("validateIngest", () => {
  it("returns the events of a valid batch, nested properties included", () => {
    const batch = [typical(1), { ...typical(2), properties: { usage: { input: 1, output: [2, 3] } } }];
    expect(validateIngest(batch, WINDOW).map((e) => e.properties)).toEqual(batch.map((e) => e.properties));
  });

  it("names every bad event by index and field", () => {
    const batch = [typical(0), { ...typical(1), customer_id: "" }, { ...typical(2), timestamp: "2026-01-01T00:00:00Z" }, { ...typical(3), properties: [1] }];
    expect(() => validateIngest(batch, WINDOW)).toThrow(
      "Invalid events, nothing was stored: [1].customer_id: must not be empty; [3].properties: must be a JSON object",
    );
    expect(() => validateIngest([typical(0), { ...typical(2), timestamp: "2026-01-01T00:00:00Z" }], WINDOW)).toThrow("[1].timestamp: is more than 34 days old");
    expect(() => validateIngest([], WINDOW)).toThrow("body must contain at least one event");
  });

  it("refuses a day the calendar does not have, inside the window", () => {
    for (const timestamp of ["2026-02-29T10:00:00Z", "2026-02-30T00:00:00+01:00", "2026-03-19T24:00:00Z"]) {
      expect(isPlainlyValidEvent({ ...typical(1), timestamp }, EARLIEST, LATEST)).toBe(false);
      expect(() => validateIngest([typical(0), { ...typical(1), timestamp }], WINDOW)).toThrow("[1].timestamp: is not a real date and time");
    }
    expect(validateIngest([{ ...typical(1), timestamp: "2026-02-28T23:59:59Z" }], WINDOW)).toHaveLength(1);
  });

  it("refuses lone surrogates in ids and in property keys and values, nested too", () => {
    const lone = JSON.parse('"a\\ud800"') as string;
    const cases: [Record<string, unknown>, string][] = [
      [{ transaction_id: lone }, "[1].transaction_id: must be well-formed Unicode"],
      [{ properties: { model: lone } }, "[1].properties: must not contain NUL characters or lone surrogates"],
      [{ properties: { [lone]: 1 } }, "[1].properties: must not contain NUL characters or lone surrogates"],
      [{ properties: { usage: { deep: [lone] } } }, "[1].properties: must not contain NUL characters or lone surrogates"],
    ];
    for (const [over, message] of cases) {
      const bad = { ...typical(1), ...over };
      expect(isPlainlyValidEvent(bad, EARLIEST, LATEST)).toBe(false);
      expect(() => validateIngest([typical(0), bad], WINDOW)).toThrow(message);
    }
    expect(validateIngest([{ ...typical(1), properties: { emoji: "😀" } }], WINDOW)).toHaveLength(1);
  });
});
