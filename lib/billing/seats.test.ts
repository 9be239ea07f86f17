import { describe, expect, it } from "vitest";
import type { Subscription } from "./contract-terms";
import { roundLineTotal, USD_CENTS } from "./money";
import { seatIdsEverHeld, seatQuantitySchedule, seatSchedule, type SeatChange } from "./seats";
import { subscriptionCharges } from "./subscriptions";
import { at, contract, d, win } from "./test-support/builders";
import type { EffectiveRate } from "./types";

const add = (day: string, ...seatIds: string[]): SeatChange => ({ kind: "ADD_SEAT_IDS", startingAt: at(day), seatIds });
const remove = (day: string, ...seatIds: string[]): SeatChange => ({ kind: "REMOVE_SEAT_IDS", startingAt: at(day), seatIds });
const addUnassigned = (day: string, quantity: number): SeatChange => ({ kind: "ADD_UNASSIGNED", startingAt: at(day), quantity });
const removeUnassigned = (day: string, quantity: number): SeatChange => ({ kind: "REMOVE_UNASSIGNED", startingAt: at(day), quantity });

/** [start day, end day or "", assigned ids, unassigned, total] per segment. */
const rows = (changes: SeatChange[]) =>
  seatSchedule(changes).map((s) => [s.startingAt.toISOString().slice(0, 10), s.endingBefore?.toISOString().slice(0, 10) ?? "", s.assignedSeatIds.join(","), s.unassignedSeats, s.totalQuantity]);

describe("seat schedule", () => {
  it("counts assigned and unassigned seats", () => {
    expect(rows([add("2024-01-01", "ann", "bob"), addUnassigned("2024-01-01", 2)])).toEqual([["2024-01-01", "", "ann,bob", 2, 4]]);
  });

  it("fills unassigned seats before adding new ones", () => {
    const initial = [add("2024-01-01", "ann"), addUnassigned("2024-01-01", 1)];
    // cat takes the free seat (still 2); dan and eve are new seats (4).
    expect(rows([...initial, add("2024-01-10", "cat"), add("2024-01-20", "dan", "eve")])).toEqual([
      ["2024-01-01", "2024-01-10", "ann", 1, 2],
      ["2024-01-10", "2024-01-20", "ann,cat", 0, 2],
      ["2024-01-20", "", "ann,cat,dan,eve", 0, 4],
    ]);
  });

  it("lowers the quantity when a seat id is removed; an unknown or repeated id changes nothing", () => {
    const changes = [add("2024-01-01", "ann", "bob", "cat"), remove("2024-01-15", "bob", "zed"), add("2024-01-20", "ann"), remove("2024-01-25", "zed")];
    expect(rows(changes)).toEqual([
      ["2024-01-01", "2024-01-15", "ann,bob,cat", 0, 3],
      ["2024-01-15", "", "ann,cat", 0, 2],
    ]);
  });

  it("removes at most the unassigned seats there are", () => {
    expect(rows([add("2024-01-01", "ann"), addUnassigned("2024-01-01", 2), removeUnassigned("2024-02-01", 5)])).toEqual([
      ["2024-01-01", "2024-02-01", "ann", 2, 3],
      ["2024-02-01", "", "ann", 0, 1],
    ]);
  });

  it("applies same-instant changes in the order given, whatever order the instants come in", () => {
    // On the 10th bob leaves and dan arrives: one segment, same count.
    const changes = [add("2024-01-10", "dan"), add("2024-01-01", "ann", "bob"), remove("2024-01-10", "bob")];
    expect(rows(changes)).toEqual([
      ["2024-01-01", "2024-01-10", "ann,bob", 0, 2],
      ["2024-01-10", "", "ann,dan", 0, 2],
    ]);
    // Removed then re-added at one instant: no change, no new segment.
    expect(rows([add("2024-01-01", "ann"), remove("2024-01-05", "ann"), add("2024-01-05", "ann")])).toEqual([["2024-01-01", "", "ann", 0, 1]]);
  });

  it("derives the quantity schedule from the totals, and lists every seat held", () => {
    const segments = seatSchedule([add("2024-01-01", "ann"), addUnassigned("2024-01-01", 1), add("2024-01-10", "cat"), add("2024-01-20", "dan")]);
    expect(seatQuantitySchedule(segments).map((q) => [q.startingAt.toISOString().slice(0, 10), q.quantity.toString()])).toEqual([
      ["2024-01-01", "2"],
      ["2024-01-20", "3"],
    ]);
    expect(seatIdsEverHeld(seatSchedule([add("2024-01-01", "ann", "bob"), remove("2024-01-02", "ann"), add("2024-01-03", "cat")]))).toEqual(["ann", "bob", "cat"]);
  });
});

// Worked examples: the seats billed through subscriptionCharges, $20 (2,000¢) a seat a month, January 2024 (31 days).
describe("billing seats", () => {
  const $20: EffectiveRate = { spec: { rateType: "SUBSCRIPTION", price: d(2000) }, creditType: USD_CENTS };
  const seated = (changes: SeatChange[], collectionSchedule: "ADVANCE" | "ARREARS"): Subscription => ({
    id: "seats",
    productId: "seats",
    billingFrequency: "MONTHLY",
    collectionSchedule,
    proration: { isProrated: true },
    quantitySchedule: seatQuantitySchedule(seatSchedule(changes)),
  });
  const bill = (s: Subscription) =>
    subscriptionCharges(s, contract(), win("2024-01-01", "2024-02-01"), () => $20).map((c) => [c.startingAt.toISOString().slice(0, 10), c.quantity.toString(), roundLineTotal(c.amount, c.creditType).toString()]);

  it("in advance: a seat id beyond the unassigned seats is charged from when added, for the rest of the month", () => {
    // ann, bob, cat + 1 unassigned = 4 seats × 2,000 = 8,000. On the 11th dan fills the free seat
    // (no charge) and eve is a 5th seat: 2,000 × 21/31 = 1,354.84 → 1,355. Total 9,355¢.
    const s = seated([add("2024-01-01", "ann", "bob", "cat"), addUnassigned("2024-01-01", 1), add("2024-01-11", "dan", "eve")], "ADVANCE");
    expect(bill(s)).toEqual([
      ["2024-01-01", "4", "8000"],
      ["2024-01-11", "1", "1355"],
    ]);
  });

  it("in advance: a removed seat is not refunded this month", () => {
    const s = seated([add("2024-01-01", "ann", "bob"), remove("2024-01-15", "bob")], "ADVANCE");
    expect(bill(s)).toEqual([["2024-01-01", "2", "4000"]]);
  });

  it("in arrears: each seat count for the time it was held", () => {
    // 4 seats for 16 days: 4 × 2,000 × 16/31 = 4,129.03 → 4,129; then 2 seats for 15 days:
    // 2 × 2,000 × 15/31 = 1,935.48 → 1,935. Total 6,064¢.
    const s = seated([add("2024-01-01", "ann", "bob", "cat", "dan"), remove("2024-01-17", "cat", "dan")], "ARREARS");
    expect(bill(s)).toEqual([
      ["2024-01-01", "4", "4129"],
      ["2024-01-17", "2", "1935"],
    ]);
  });
});
