import { describe, expect, it } from "vitest";
import { seatQuantitySchedule, seatSchedule } from "@/lib/billing/seats";
import { countedAsUnassigned, initialSeatChanges, seatUpdateChanges, storedSeatSchedule } from "./subscription-seats";

const at = (day: string) => new Date(`${day}T00:00:00Z`);
const quantities = (changes: Parameters<typeof seatSchedule>[0]) => seatQuantitySchedule(seatSchedule(changes)).map((q) => [q.startingAt.toISOString().slice(0, 10), q.quantity.toNumber()]);

describe("a subscription's stored seat changes", () => {
  it("seat_config: the initial ids, then the unassigned seats beside them (not filled by them)", () => {
    expect(quantities(initialSeatChanges(at("2024-01-01"), { initial_seat_ids: ["ann", "bob"], initial_unassigned_seats: 2 }))).toEqual([["2024-01-01", 4]]);
  });

  it("seat_updates at one instant: ids added, ids removed, unassigned added, unassigned removed", () => {
    const changes = [
      ...initialSeatChanges(at("2024-01-01"), { initial_seat_ids: ["ann"] }),
      ...seatUpdateChanges({
        remove_unassigned_seats: [{ quantity: 1, starting_at: at("2024-01-10") }],
        add_unassigned_seats: [{ quantity: 2, starting_at: at("2024-01-10") }],
        remove_seat_ids: [{ seat_ids: ["ann"], starting_at: at("2024-01-10") }],
        add_seat_ids: [{ seat_ids: ["bob"], starting_at: at("2024-01-10") }],
      }),
    ];
    // bob is a 2nd seat, ann leaves (1), 2 unassigned (3), one removed (2).
    expect(quantities(changes)).toEqual([["2024-01-01", 1], ["2024-01-10", 2]]);
  });

  it("replays stored rows by position, whatever order they are read in", () => {
    const rows = [
      { position: 1, kind: "ADD_UNASSIGNED" as const, startingAt: at("2024-01-01"), seatIds: [], quantity: 1 },
      { position: 0, kind: "ADD_SEAT_IDS" as const, startingAt: at("2024-01-01"), seatIds: ["ann"], quantity: 0 },
    ];
    expect(storedSeatSchedule(rows).map((s) => [s.assignedSeatIds, s.unassignedSeats])).toEqual([[["ann"], 1]]);
  });

  it("a counted schedule turned SEAT_BASED keeps its quantities, as unassigned seats", () => {
    const counted = [
      { startingAt: at("2024-01-01"), quantity: 3 },
      { startingAt: at("2024-01-10"), quantity: 5 },
      { startingAt: at("2024-01-20"), quantity: 2 },
    ];
    expect(quantities(countedAsUnassigned(counted))).toEqual([["2024-01-01", 3], ["2024-01-10", 5], ["2024-01-20", 2]]);
  });
});
