import { describe, expect, it } from "vitest";
import { aggregateEvents, isAdditive } from "./aggregation";
import { BillingInputError } from "./errors";
import { event, metric, win } from "./test-support/builders";
import type { GroupValues } from "./types";

const JANUARY = win("2024-01-01", "2024-02-01");

const plain = (rows: { groupValues: GroupValues; quantity: { toString(): string } }[]) =>
  rows.map((row) => ({ ...row.groupValues, quantity: row.quantity.toString() }));

describe("aggregateEvents", () => {
  const events = [
    event("t1", "2024-01-01T00:00", { value: 5, region: "eu", user: "a" }),
    event("t2", "2024-01-10T00:00", { value: "7.5", region: "us", user: "b" }),
    event("t3", "2024-01-20T00:00", { value: 2, region: "eu", user: "a" }),
    event("t4", "2024-01-31T23:00", { value: 1, user: "c" }),
    event("t5", "2024-02-01T00:00", { value: 100, region: "eu", user: "z" }), // next period: excluded
    event("t6", "2023-12-31T23:00", { value: 100, region: "eu", user: "z" }), // previous period: excluded
  ];

  it.each([
    ["COUNT", "4"],
    ["SUM", "15.5"],
    ["MAX", "7.5"],
    ["LATEST", "1"],
  ] as const)("%s over a half-open window", (type, expected) => {
    expect(plain(aggregateEvents(metric("m", type), events, JANUARY))).toEqual([{ quantity: expected }]);
  });

  it("UNIQUE counts distinct values of a property", () => {
    expect(plain(aggregateEvents(metric("m", "UNIQUE", { aggregationKey: "user" }), events, JANUARY))).toEqual([
      { quantity: "3" },
    ]);
    const numeric = [event("a", "2024-01-02", { value: 1 }), event("b", "2024-01-03", { value: "1" })];
    expect(plain(aggregateEvents(metric("m", "UNIQUE"), numeric, JANUARY))).toEqual([{ quantity: "1" }]);
  });

  it("splits per group tuple; a missing value is its own group", () => {
    expect(plain(aggregateEvents(metric("m", "SUM"), events, JANUARY, ["region"]))).toEqual([
      { region: null, quantity: "1" },
      { region: "eu", quantity: "7" },
      { region: "us", quantity: "7.5" },
    ]);
    const twoKeys = aggregateEvents(metric("m", "COUNT"), events, JANUARY, ["region", "user"]);
    expect(plain(twoKeys)).toEqual([
      { region: null, user: "c", quantity: "1" },
      { region: "eu", user: "a", quantity: "2" },
      { region: "us", user: "b", quantity: "1" },
    ]);
  });

  it("filters by event type", () => {
    const mixed = [event("a", "2024-01-02", {}, "call"), event("b", "2024-01-02", {}, "login"), event("c", "2024-01-02", {}, "call")];
    expect(plain(aggregateEvents(metric("m", "COUNT", { eventTypeFilter: { inValues: ["call"] } }), mixed, JANUARY))).toEqual([
      { quantity: "2" },
    ]);
    expect(plain(aggregateEvents(metric("m", "COUNT", { eventTypeFilter: { notInValues: ["call"] } }), mixed, JANUARY))).toEqual([
      { quantity: "1" },
    ]);
  });

  it("filters by property: exists, in_values, not_in_values", () => {
    const filtered = (filter: object) =>
      plain(aggregateEvents(metric("m", "COUNT", { propertyFilters: [{ name: "region", ...filter }] }), events, JANUARY));
    expect(filtered({ exists: true })).toEqual([{ quantity: "3" }]);
    expect(filtered({ exists: false })).toEqual([{ quantity: "1" }]);
    expect(filtered({ inValues: ["eu"] })).toEqual([{ quantity: "2" }]);
    expect(filtered({ notInValues: ["eu"] })).toEqual([{ quantity: "2" }]); // us, and the event without region
  });

  it("LATEST takes the last event by timestamp, ties broken by transaction id, whatever the order", () => {
    const tie = [event("b", "2024-01-05", { value: 2 }), event("a", "2024-01-05", { value: 1 }), event("c", "2024-01-04", { value: 9 })];
    expect(plain(aggregateEvents(metric("m", "LATEST"), tie, JANUARY))).toEqual([{ quantity: "2" }]);
    expect(plain(aggregateEvents(metric("m", "LATEST"), [...tie].reverse(), JANUARY))).toEqual([{ quantity: "2" }]);
  });

  it("reports a group only when an event carried a value", () => {
    const noValues = [event("a", "2024-01-02", { region: "eu" })];
    for (const type of ["SUM", "MAX", "LATEST", "UNIQUE"] as const) {
      expect(aggregateEvents(metric("m", type), noValues, JANUARY, ["region"])).toEqual([]);
    }
    expect(aggregateEvents(metric("m", "SUM"), [], JANUARY)).toEqual([]);
    expect(plain(aggregateEvents(metric("m", "SUM"), [event("z", "2024-01-02", { value: 0 })], JANUARY))).toEqual([
      { quantity: "0" },
    ]);
  });

  it("rejects negative and non-numeric values with a clear error instead of coercing them", () => {
    const sum = metric("m", "SUM");
    expect(() => aggregateEvents(sum, [event("neg", "2024-01-02", { value: -3 })], JANUARY)).toThrow(
      new BillingInputError('event neg: property "value" must not be negative, got -3'),
    );
    expect(() => aggregateEvents(sum, [event("neg", "2024-01-02", { value: "-0.5" })], JANUARY)).toThrow(/must not be negative/);
    for (const bad of ["12abc", "", " 5", "1e3", true, {}, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => aggregateEvents(sum, [event("bad", "2024-01-02", { value: bad })], JANUARY)).toThrow(
        /event bad: property "value" must be a number/,
      );
    }
    expect(() => aggregateEvents(metric("m", "MAX"), [event("bad", "2024-01-02", { value: "x" })], JANUARY)).toThrow(
      BillingInputError,
    );
  });

  it("accepts zero and plain numeric strings", () => {
    const values = [event("a", "2024-01-02", { value: "0" }), event("b", "2024-01-02", { value: "0.000000000001" }), event("c", "2024-01-02", { value: 1e-7 })];
    expect(plain(aggregateEvents(metric("m", "SUM"), values, JANUARY))).toEqual([{ quantity: "0.000000100001" }]);
  });

  it("refuses group values that are objects, and metrics that need a key but have none", () => {
    expect(() => aggregateEvents(metric("m", "COUNT"), [event("o", "2024-01-02", { region: { a: 1 } })], JANUARY, ["region"])).toThrow(
      /must be a string, number or boolean/,
    );
    expect(() => aggregateEvents({ id: "m", name: "m", aggregationType: "SUM" }, [], JANUARY)).toThrow(/needs an aggregationKey/);
  });

  it("knows which aggregations can be summed from rollups", () => {
    expect(["COUNT", "SUM", "MAX", "UNIQUE", "LATEST"].map((t) => isAdditive(t as never))).toEqual([true, true, false, false, false]);
  });
});
