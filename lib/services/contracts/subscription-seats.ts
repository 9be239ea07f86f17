import { seatQuantitySchedule, seatSchedule, type SeatChange, type SeatSegment } from "@/lib/billing/seats";
import type { Prisma } from "@/lib/db/generated/client";
import { toDb } from "@/lib/db/decimal";
import type { SeatUpdatesInput } from "./schemas";

// A SEAT_BASED subscription keeps its seat changes as given; its quantity rows (what billing
// reads) are rewritten from them after every change, by the engine's rule (lib/billing/seats.ts).

type Tx = Prisma.TransactionClient;

export type SeatChangeRow = { position: number; kind: SeatChange["kind"]; startingAt: Date; seatIds: string[]; quantity: number };

export function engineSeatChange(row: SeatChangeRow): SeatChange {
  return row.kind === "ADD_SEAT_IDS" || row.kind === "REMOVE_SEAT_IDS"
    ? { kind: row.kind, startingAt: row.startingAt, seatIds: row.seatIds }
    : { kind: row.kind, startingAt: row.startingAt, quantity: row.quantity };
}

/** The subscription's seats over time, from its stored changes (in the order they were given). */
export function storedSeatSchedule(rows: readonly SeatChangeRow[]): SeatSegment[] {
  return seatSchedule([...rows].sort((a, b) => a.position - b.position).map(engineSeatChange));
}

/** The changes of seat_config: the initial seat ids, then the unassigned seats beside them. */
export function initialSeatChanges(startingAt: Date, config: { initial_seat_ids: string[]; initial_unassigned_seats?: number }): SeatChange[] {
  return [
    { kind: "ADD_SEAT_IDS", startingAt, seatIds: config.initial_seat_ids },
    { kind: "ADD_UNASSIGNED", startingAt, quantity: config.initial_unassigned_seats ?? 0 },
  ];
}

/** An edit's seat_updates, in Metronome's order for one instant: ids added, ids removed, then unassigned seats. */
export function seatUpdateChanges(u: SeatUpdatesInput): SeatChange[] {
  return [
    ...(u.add_seat_ids ?? []).map((c): SeatChange => ({ kind: "ADD_SEAT_IDS", startingAt: c.starting_at, seatIds: c.seat_ids })),
    ...(u.remove_seat_ids ?? []).map((c): SeatChange => ({ kind: "REMOVE_SEAT_IDS", startingAt: c.starting_at, seatIds: c.seat_ids })),
    ...(u.add_unassigned_seats ?? []).map((c): SeatChange => ({ kind: "ADD_UNASSIGNED", startingAt: c.starting_at, quantity: c.quantity })),
    ...(u.remove_unassigned_seats ?? []).map((c): SeatChange => ({ kind: "REMOVE_UNASSIGNED", startingAt: c.starting_at, quantity: c.quantity })),
  ];
}

/**
 * A QUANTITY_ONLY subscription's quantity schedule as unassigned seats (quantity_management_mode_update
 * to SEAT_BASED): the same quantities at the same instants, so its bills do not change.
 */
export function countedAsUnassigned(schedule: readonly { startingAt: Date; quantity: number }[]): SeatChange[] {
  let held = 0;
  return schedule.map((q): SeatChange => {
    const delta = q.quantity - held;
    held = q.quantity;
    return delta < 0 ? { kind: "REMOVE_UNASSIGNED", startingAt: q.startingAt, quantity: -delta } : { kind: "ADD_UNASSIGNED", startingAt: q.startingAt, quantity: delta };
  });
}

/** Appends `changes` to the subscription's seat changes and rewrites its quantities from all of them. */
export async function addSeatChanges(tx: Tx, subscriptionId: string, changes: readonly SeatChange[]): Promise<void> {
  const stored = await tx.subscriptionSeatChange.findMany({
    where: { subscriptionId },
    orderBy: { position: "asc" },
    select: { position: true, kind: true, startingAt: true, seatIds: true, quantity: true },
  });
  const next = (stored.at(-1)?.position ?? -1) + 1;
  const added: SeatChangeRow[] = changes.map((c, i) => ({
    position: next + i,
    kind: c.kind,
    startingAt: c.startingAt,
    seatIds: "seatIds" in c ? [...c.seatIds] : [],
    quantity: "quantity" in c ? c.quantity : 0,
  }));
  if (added.length) await tx.subscriptionSeatChange.createMany({ data: added.map((row) => ({ subscriptionId, ...row })) });
  const quantities = seatQuantitySchedule(storedSeatSchedule([...stored, ...added]));
  await tx.subscriptionQuantity.deleteMany({ where: { subscriptionId } });
  await tx.subscriptionQuantity.createMany({ data: quantities.map((q) => ({ subscriptionId, startingAt: q.startingAt, quantity: toDb(q.quantity) })) });
}
