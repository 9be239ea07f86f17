import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { burnRate, DAY_MS, perDay, periodForecast, runOutAt, spendOver } from "./forecast";

const d = (v: string | number) => new Decimal(v);
const at = (iso: string) => new Date(iso);

describe("burnRate and perDay", () => {
  it.each([
    // spent, elapsed ms, per day
    ["3000", 3 * DAY_MS, "1000"],
    ["1", 3 * DAY_MS, "0.333333333333333333333333333333333333333333333333333333333333"],
    ["0.07", DAY_MS / 24, "1.68"],
    ["100", 0, "0"],
    ["100", -DAY_MS, "0"],
    ["0", DAY_MS, "0"],
    ["-5", DAY_MS, "0"],
  ] as const)("%s over %i ms is %s a day", (spent, elapsed, day) => {
    expect(perDay(burnRate(d(spent), elapsed)).toFixed()).toBe(day);
  });
});

describe("spendOver", () => {
  it.each([
    ["0.5", 1000, "500"],
    ["0.5", 0, "0"],
    ["0.5", -1000, "0"],
  ] as const)("%s per ms over %i ms adds %s", (rate, ms, added) => {
    expect(spendOver(d(rate), ms).toFixed()).toBe(added);
  });
});

describe("runOutAt", () => {
  const now = at("2026-03-10T00:00:00Z");
  it.each([
    // remaining, spent per day → runs out at
    ["1000", "100", "2026-03-20T00:00:00.000Z"],
    ["0.7", "0.1", "2026-03-17T00:00:00.000Z"],
    // a third of a day: 28,800,000 ms, though the rate per ms is a rounded 1/28,800,000
    ["1", "3", "2026-03-10T08:00:00.000Z"],
    // 1/7 of a day = 12,342,857.142… ms → 12,342,857 ms; 2/3 of one = 57,600,000 ms
    ["2", "3", "2026-03-10T16:00:00.000Z"],
    ["1", "7", "2026-03-10T03:25:42.857Z"],
  ] as const)("%s left at %s a day runs out at %s", (remaining, day, when) => {
    expect(runOutAt(d(remaining), d(day).div(DAY_MS), now)?.toISOString()).toBe(when);
  });

  it.each([
    ["0", "100"],
    ["-1", "100"],
    ["1000", "0"],
  ] as const)("%s left at %s a day never runs out", (remaining, day) => {
    expect(runOutAt(d(remaining), d(day).div(DAY_MS), now)).toBeNull();
  });
});

describe("periodForecast", () => {
  const period = { startingAt: at("2026-03-01T00:00:00Z"), endingBefore: at("2026-04-01T00:00:00Z") };
  it.each([
    // now, spent so far → elapsed days, remaining days, per day, to come
    ["2026-03-11T00:00:00Z", "1000", 10, 21, "100", "2100"],
    ["2026-03-01T00:00:00Z", "0", 0, 31, "0", "0"],
    ["2026-03-01T12:00:00Z", "0.07", 0.5, 30.5, "0.14", "4.27"],
    ["2026-04-01T00:00:00Z", "3100", 31, 0, "100", "0"],
    ["2026-04-02T00:00:00Z", "3100", 32, 0, "96.875", "0"],
    ["2026-02-28T00:00:00Z", "0", 0, 32, "0", "0"],
  ] as const)("at %s with %s spent", (now, spent, elapsedDays, remainingDays, day, toCome) => {
    const f = periodForecast(d(spent), period, at(now));
    expect([f.elapsedMs / DAY_MS, f.remainingMs / DAY_MS, perDay(f.rate).toDecimalPlaces(20).toFixed(), f.toCome.toDecimalPlaces(20).toFixed()]).toEqual([elapsedDays, remainingDays, day, toCome]);
  });
});
