import { Decimal } from "./decimal";
import type { QuantityScheduleItem } from "./contract-terms";

/**
 * Seat-based (SEAT_BASED) subscriptions: the seats are named (seat ids, e.g. user ids) rather
 * than counted, and the subscription's quantity is the seats it holds, assigned or not. The
 * quantity schedule this derives is billed like any subscription's (subscriptions.ts): in
 * advance or in arrears, prorated by exact time.
 *
 * The changes apply in time order, and in the order given at the same instant (Metronome's rule),
 * each to the seats in force then:
 * - adding seat ids fills unassigned seats first; only ids beyond them raise the quantity. An id
 *   that holds a seat already changes nothing.
 * - removing seat ids frees their seats and lowers the quantity; an id that holds no seat
 *   changes nothing.
 * - adding unassigned seats raises the quantity; removing them lowers it by at most the
 *   unassigned seats there are.
 */

export type SeatChange =
  | { kind: "ADD_SEAT_IDS" | "REMOVE_SEAT_IDS"; startingAt: Date; seatIds: readonly string[] }
  | { kind: "ADD_UNASSIGNED" | "REMOVE_UNASSIGNED"; startingAt: Date; quantity: number };

/** The seats held from `startingAt` until `endingBefore` (or on, when there is no later change). */
export interface SeatSegment {
  startingAt: Date;
  endingBefore?: Date;
  /** In the order they were assigned. */
  assignedSeatIds: string[];
  unassignedSeats: number;
  /** Assigned and unassigned. */
  totalQuantity: number;
}

interface Seats {
  assigned: string[];
  unassigned: number;
}

function apply(seats: Seats, change: SeatChange): Seats {
  switch (change.kind) {
    case "ADD_SEAT_IDS": {
      const added = [...new Set(change.seatIds)].filter((id) => !seats.assigned.includes(id));
      return { assigned: [...seats.assigned, ...added], unassigned: Math.max(0, seats.unassigned - added.length) };
    }
    case "REMOVE_SEAT_IDS": {
      const removed = new Set(change.seatIds);
      return { assigned: seats.assigned.filter((id) => !removed.has(id)), unassigned: seats.unassigned };
    }
    case "ADD_UNASSIGNED":
      return { assigned: seats.assigned, unassigned: seats.unassigned + change.quantity };
    case "REMOVE_UNASSIGNED":
      return { assigned: seats.assigned, unassigned: Math.max(0, seats.unassigned - change.quantity) };
  }
}

/**
 * The seat schedule the changes make, from the first change on: one segment per instant at which
 * the seats change (an instant whose changes cancel out starts no segment).
 */
export function seatSchedule(changes: readonly SeatChange[]): SeatSegment[] {
  // Array.prototype.sort is stable: same-instant changes keep the order given.
  const ordered = [...changes].sort((a, b) => a.startingAt.getTime() - b.startingAt.getTime());
  const segments: SeatSegment[] = [];
  let seats: Seats = { assigned: [], unassigned: 0 };
  for (let i = 0; i < ordered.length; ) {
    const at = ordered[i]!.startingAt.getTime();
    for (; i < ordered.length && ordered[i]!.startingAt.getTime() === at; i++) seats = apply(seats, ordered[i]!);
    const last = segments.at(-1);
    if (last && last.unassignedSeats === seats.unassigned && sameSeats(last.assignedSeatIds, seats.assigned)) continue;
    if (last) last.endingBefore = new Date(at);
    segments.push({ startingAt: new Date(at), assignedSeatIds: seats.assigned, unassignedSeats: seats.unassigned, totalQuantity: seats.assigned.length + seats.unassigned });
  }
  return segments;
}

function sameSeats(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** The quantity schedule that bills the seats: an item wherever the total changes. */
export function seatQuantitySchedule(segments: readonly SeatSegment[]): QuantityScheduleItem[] {
  const items: QuantityScheduleItem[] = [];
  for (const s of segments) {
    if (items.at(-1)?.quantity.eq(s.totalQuantity)) continue;
    items.push({ startingAt: s.startingAt, quantity: new Decimal(s.totalQuantity) });
  }
  return items;
}

/** Every seat id the subscription has held, in the order first assigned. */
export function seatIdsEverHeld(segments: readonly SeatSegment[]): string[] {
  return [...new Set(segments.flatMap((s) => s.assignedSeatIds))];
}
