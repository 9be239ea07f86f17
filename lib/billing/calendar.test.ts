import { describe, expect, it } from "vitest";
import { addMonthsClamped, assertHourAligned, assertValidWindow, cycleContaining, isActiveAt, splitWindow } from "./calendar";
import { BillingInputError } from "./errors";
import { at, win } from "./test-support/builders";

const iso = (date: Date) => date.toISOString().slice(0, 16);

describe("addMonthsClamped", () => {
  it.each([
    ["2024-01-31", 1, "2024-02-29T00:00"], // leap year
    ["2023-01-31", 1, "2023-02-28T00:00"],
    ["2024-01-31", 2, "2024-03-31T00:00"], // from the anchor, not chained through Feb 29
    ["2024-01-31", 3, "2024-04-30T00:00"],
    ["2024-01-31", 12, "2025-01-31T00:00"],
    ["2024-02-29", 12, "2025-02-28T00:00"],
    ["2024-02-29", 48, "2028-02-29T00:00"],
    ["2024-03-31", -1, "2024-02-29T00:00"],
    ["2024-01-15", -13, "2022-12-15T00:00"],
    ["2024-11-30T17:00", 3, "2025-02-28T17:00"], // keeps the time of day
  ])("%s + %i months = %s", (anchor, months, expected) => {
    expect(iso(addMonthsClamped(at(anchor), months))).toBe(expected);
  });
});

describe("cycleContaining", () => {
  it("finds the step of a cadence holding an instant, before or after the anchor", () => {
    const anchor = at("2024-01-31");
    expect(cycleContaining(anchor, 1, at("2024-03-15"))).toEqual(win("2024-02-29", "2024-03-31"));
    expect(cycleContaining(anchor, 1, at("2024-03-31"))).toEqual(win("2024-03-31", "2024-04-30"));
    expect(cycleContaining(anchor, 1, at("2024-02-29"))).toEqual(win("2024-02-29", "2024-03-31"));
    expect(cycleContaining(anchor, 1, at("2024-02-28T23:00"))).toEqual(win("2024-01-31", "2024-02-29"));
    expect(cycleContaining(anchor, 3, at("2023-12-01"))).toEqual(win("2023-10-31", "2024-01-31"));
    expect(cycleContaining(anchor, 12, at("2026-01-30"))).toEqual(win("2025-01-31", "2026-01-31"));
  });
});

describe("instants and windows", () => {
  it("accepts hour-aligned instants and refuses others", () => {
    expect(() => assertHourAligned(at("2024-01-01T13:00"), "x")).not.toThrow();
    expect(() => assertHourAligned(at("2024-01-01T13:30"), "rate start")).toThrow(
      new BillingInputError("rate start must be on an hour boundary, got 2024-01-01T13:30:00.000Z"),
    );
  });

  it("refuses empty or inverted windows", () => {
    expect(() => assertValidWindow(win("2024-01-01", "2024-01-02"), "w")).not.toThrow();
    expect(() => assertValidWindow(win("2024-01-02", "2024-01-02"), "segment")).toThrow(/segment must start before it ends/);
  });

  it("treats ranges as half-open with an optional end", () => {
    const range = { startingAt: at("2024-01-01"), endingBefore: at("2024-02-01") };
    expect(isActiveAt(range, at("2024-01-01"))).toBe(true);
    expect(isActiveAt(range, at("2024-01-31T23:00"))).toBe(true);
    expect(isActiveAt(range, at("2024-02-01"))).toBe(false);
    expect(isActiveAt(range, at("2023-12-31T23:00"))).toBe(false);
    expect(isActiveAt({ startingAt: at("2024-01-01") }, at("2099-01-01"))).toBe(true);
  });

  it("splits a window at boundaries strictly inside it, once each", () => {
    const period = win("2024-01-01", "2024-02-01");
    const cuts = [at("2024-01-16"), at("2024-01-10"), at("2024-01-16"), at("2023-06-01"), at("2024-01-01"), at("2024-02-01")];
    expect(splitWindow(period, cuts.map((d) => d.getTime()))).toEqual([
      win("2024-01-01", "2024-01-10"),
      win("2024-01-10", "2024-01-16"),
      win("2024-01-16", "2024-02-01"),
    ]);
    expect(splitWindow(period, [])).toEqual([period]);
  });
});
