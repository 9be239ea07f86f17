import { describe, expect, it } from "vitest";
import { addOffset } from "./package-record";

// A package's offsets from a contract's start: days and weeks exact, months and years on the
// calendar, clamped to the month's last day (as billing periods are).
describe("addOffset", () => {
  const cases: [string, { unit: string; value: number }, string][] = [
    ["2026-01-31T00:00:00.000Z", { unit: "DAYS", value: 0 }, "2026-01-31T00:00:00.000Z"],
    ["2026-01-31T05:00:00.000Z", { unit: "DAYS", value: 1 }, "2026-02-01T05:00:00.000Z"],
    ["2026-01-01T00:00:00.000Z", { unit: "WEEKS", value: 2 }, "2026-01-15T00:00:00.000Z"],
    ["2026-01-31T00:00:00.000Z", { unit: "MONTHS", value: 1 }, "2026-02-28T00:00:00.000Z"],
    ["2028-01-31T00:00:00.000Z", { unit: "MONTHS", value: 1 }, "2028-02-29T00:00:00.000Z"],
    ["2026-03-01T00:00:00.000Z", { unit: "MONTHS", value: 12 }, "2027-03-01T00:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", { unit: "YEARS", value: 1 }, "2029-02-28T00:00:00.000Z"],
  ];
  it.each(cases)("%s + %o = %s", (start, offset, expected) => {
    expect(addOffset(new Date(start), offset).toISOString()).toBe(expected);
  });
});
