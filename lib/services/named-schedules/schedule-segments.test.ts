import { describe, expect, it } from "vitest";
import { segmentCovering, setScheduleValue, type ScheduleSegment } from "./schedule-segments";

const d = (day: number) => new Date(Date.UTC(2026, 0, day));
const seg = (from: number, to: number | null, value: unknown): ScheduleSegment => ({ startingAt: d(from), endingBefore: to === null ? null : d(to), value });
/** A schedule as [from, to, value] rows, to read the cases at a glance. */
const rows = (segments: readonly ScheduleSegment[]) => segments.map((s) => [s.startingAt.getUTCDate(), s.endingBefore?.getUTCDate() ?? null, s.value]);

describe("setScheduleValue", () => {
  // [existing, update, expected]
  const cases: [string, ScheduleSegment[], ScheduleSegment, (number | null | unknown)[][]][] = [
    ["an empty schedule takes the segment", [], seg(1, 10, "a"), [[1, 10, "a"]]],
    ["an open-ended update on an empty schedule stays open", [], seg(5, null, "a"), [[5, null, "a"]]],
    ["a range inside one segment splits it in three", [seg(1, 20, "a")], seg(5, 10, "b"), [[1, 5, "a"], [5, 10, "b"], [10, 20, "a"]]],
    ["a range inside an open segment leaves it open after", [seg(1, null, "a")], seg(5, 10, "b"), [[1, 5, "a"], [5, 10, "b"], [10, null, "a"]]],
    ["an open update cuts every later segment off", [seg(1, 5, "a"), seg(5, 10, "b"), seg(12, null, "c")], seg(7, null, "z"), [[1, 5, "a"], [5, 7, "b"], [7, null, "z"]]],
    ["exactly one segment's range replaces its value", [seg(1, 5, "a"), seg(5, 10, "b"), seg(10, 15, "c")], seg(5, 10, "z"), [[1, 5, "a"], [5, 10, "z"], [10, 15, "c"]]],
    ["a range over several segments keeps their outer parts", [seg(1, 5, "a"), seg(5, 10, "b"), seg(10, 15, "c")], seg(3, 12, "z"), [[1, 3, "a"], [3, 12, "z"], [12, 15, "c"]]],
    ["a range covering everything leaves only itself", [seg(2, 5, "a"), seg(7, null, "b")], seg(1, null, "z"), [[1, null, "z"]]],
    ["a range in a gap touches nothing", [seg(1, 5, "a"), seg(10, 15, "c")], seg(6, 8, "z"), [[1, 5, "a"], [6, 8, "z"], [10, 15, "c"]]],
    ["a range before everything goes first", [seg(10, 15, "c")], seg(1, 3, "z"), [[1, 3, "z"], [10, 15, "c"]]],
    ["a segment ending where the range starts is kept whole", [seg(1, 5, "a")], seg(5, 8, "z"), [[1, 5, "a"], [5, 8, "z"]]],
    ["a segment starting where the range ends is kept whole", [seg(8, 12, "a")], seg(5, 8, "z"), [[5, 8, "z"], [8, 12, "a"]]],
    ["values are any JSON, kept as given", [seg(1, 5, { tier: [1, 2] })], seg(3, 4, null), [[1, 3, { tier: [1, 2] }], [3, 4, null], [4, 5, { tier: [1, 2] }]]],
  ];
  it.each(cases)("%s", (_name, existing, update, expected) => {
    const before = structuredClone(existing);
    expect(rows(setScheduleValue(existing, update))).toEqual(expected);
    expect(existing, "the input is not changed").toEqual(before);
  });

  it("keeps the schedule ordered and non-overlapping over any sequence of updates", () => {
    let schedule: ScheduleSegment[] = [];
    const updates: [number, number | null][] = [[5, 20], [1, 3], [10, null], [2, 12], [15, 16], [1, null], [3, 4], [27, 28]];
    updates.forEach(([from, to], i) => {
      schedule = setScheduleValue(schedule, seg(from, to, i));
      for (let j = 1; j < schedule.length; j++) expect(schedule[j]!.startingAt.getTime()).toBeGreaterThanOrEqual(schedule[j - 1]!.endingBefore!.getTime());
      // The last value set holds over its whole range.
      for (let day = from; day < (to ?? 28); day++) expect(segmentCovering(schedule, d(day))?.value).toBe(i);
    });
    expect(rows(schedule)).toEqual([[1, 3, 5], [3, 4, 6], [4, 27, 5], [27, 28, 7], [28, null, 5]]);
  });

  it("refuses a range that does not end after it starts", () => {
    expect(() => setScheduleValue([], seg(5, 5, "a"))).toThrow(RangeError);
    expect(() => setScheduleValue([], seg(5, 4, "a"))).toThrow(RangeError);
  });
});

describe("segmentCovering", () => {
  const schedule = [seg(1, 5, "a"), seg(7, null, "b")];
  it.each([
    [1, "a"],
    [4, "a"],
    [5, undefined],
    [6, undefined],
    [7, "b"],
    [28, "b"],
  ])("on day %i: %s", (day, value) => expect(segmentCovering(schedule, d(day))?.value).toBe(value));
  it("finds nothing before the first segment", () => expect(segmentCovering(schedule, new Date(Date.UTC(2025, 11, 31)))).toBeUndefined());
});
