import { describe, expect, it } from "vitest";
import { buckets, countBuckets, type WindowSize } from "./usage-query";

// A usage read is refused by its bucket count before any bucket is built, so the count must be
// what building them would give, edges and clipping included.

describe("countBuckets", () => {
  it("counts what buckets() builds, without building them", () => {
    const ranges: [string, string][] = [
      ["2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"],
      ["2026-03-01T00:30:00Z", "2026-03-01T01:30:00Z"],
      ["2026-03-01T23:59:59.999Z", "2026-03-02T00:00:00.001Z"],
      ["2026-03-01T10:00:00Z", "2026-03-01T10:00:00.001Z"],
      ["2025-12-31T13:00:00+05:00", "2026-02-28T00:00:00Z"],
    ];
    for (const [from, to] of ranges) {
      for (const window of ["HOUR", "DAY", "NONE"] as WindowSize[]) {
        expect(countBuckets(new Date(from), new Date(to), window), `${from}…${to} ${window}`).toBe(buckets(new Date(from), new Date(to), window).length);
      }
    }
  });

  it("counts ten thousand years of hours at once, and an empty range as none", () => {
    const started = performance.now();
    expect(countBuckets(new Date("0001-01-01T00:00:00Z"), new Date("9999-12-31T00:00:00Z"), "HOUR")).toBe(87_649_392);
    expect(performance.now() - started).toBeLessThan(50);
    expect(countBuckets(new Date("2026-03-02T00:00:00Z"), new Date("2026-03-01T00:00:00Z"), "DAY")).toBe(0);
  });
});
