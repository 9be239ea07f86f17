import { describe, expect, it } from "vitest";
import { formatClock, formatCompact, formatDate, formatDayHour, formatMonth, formatPeriod, formatPeriodInWords, formatQuantity, formatShortDay, formatTimestamp, isoDay, lastInstant, readableQuantity } from "./format";

describe("formatQuantity", () => {
  it.each([
    ["0", "0"],
    ["999", "999"],
    ["1000", "1,000"],
    ["1234567.25", "1,234,567.25"],
    ["-1234.5", "-1,234.5"],
    ["0.000000000000000001", "0.000000000000000001"],
    ["123456789012345678901234567890", "123,456,789,012,345,678,901,234,567,890"],
  ])("writes %s as %s, every digit kept", (input, output) => {
    expect(formatQuantity(input)).toBe(output);
  });
});

it("formats a timestamp to the second in UTC", () => {
  expect(formatTimestamp(new Date("2026-01-10T12:01:05.999Z"))).toBe("2026-01-10 12:01:05 UTC");
});

describe("dates and periods (UTC, half-open)", () => {
  it("writes a day, a date, a clock and a month in UTC whatever the input", () => {
    for (const at of ["2026-11-01T23:30:00.000Z", Date.parse("2026-11-01T23:30:00.000Z"), new Date("2026-11-01T23:30:00.000Z")]) {
      expect(isoDay(at)).toBe("2026-11-01");
      expect(formatShortDay(at)).toBe("Nov 1");
      expect(formatDate(at)).toBe("Nov 1, 2026");
      expect(formatClock(at)).toBe("23:30");
      expect(formatDayHour(at)).toBe("Nov 1, 23:30");
      expect(formatMonth(at)).toBe("November 2026");
    }
  });

  it.each([
    ["a month", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "2026-11-01 – 2026-11-30", "Nov 1, 2026 – Nov 30, 2026"],
    ["a year end", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2026-12-01 – 2026-12-31", "Dec 1, 2026 – Dec 31, 2026"],
    ["a leap February", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z", "2028-02-01 – 2028-02-29", "Feb 1, 2028 – Feb 29, 2028"],
    ["one day", "2026-11-05T00:00:00.000Z", "2026-11-06T00:00:00.000Z", "2026-11-05 – 2026-11-05", "Nov 5, 2026 – Nov 5, 2026"],
    ["a scheduled date (start = end)", "2026-11-05T00:00:00.000Z", "2026-11-05T00:00:00.000Z", "2026-11-05", "Nov 5, 2026"],
    ["an end inside a day", "2026-11-01T00:00:00.000Z", "2026-11-10T12:00:00.000Z", "2026-11-01 – 2026-11-10", "Nov 1, 2026 – Nov 10, 2026"],
  ])("writes %s: the last day billed is the day before a midnight end", (_name, start, end, iso, words) => {
    expect(formatPeriod(start, end)).toBe(iso);
    expect(formatPeriod(new Date(start), new Date(end))).toBe(iso);
    expect(formatPeriodInWords(start, end)).toBe(words);
  });

  it("puts the last instant of a period one millisecond before its end", () => {
    expect(lastInstant("2026-12-01T00:00:00.000Z").toISOString()).toBe("2026-11-30T23:59:59.999Z");
  });
});

describe("readableQuantity", () => {
  it.each([
    ["0", "0"],
    ["1234567", "1,234,567"],
    ["1234.5", "1,234.5"],
    ["1234.50", "1,234.5"],
    ["0.129", "0.12"],
    ["2.004", "2"],
    ["-1500.75", "-1,500.75"],
  ])("writes %s as %s: separators, at most two decimals, cut not rounded", (input, output) => {
    expect(readableQuantity(input)).toBe(output);
  });
});

it("writes chart numbers compactly, to the decimals asked", () => {
  expect(formatCompact(1234)).toBe("1.2K");
  expect(formatCompact(1234, 2)).toBe("1.23K");
  expect(formatCompact(1234, 0)).toBe("1K");
  expect(formatCompact(3_500_000)).toBe("3.5M");
  expect(formatCompact(12)).toBe("12");
});
