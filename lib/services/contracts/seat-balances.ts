import { seatIdsEverHeld } from "@/lib/billing/seats";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { decodeCursor, encodeCursor } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { readContract } from "./contract-record";
import { storedSeatSchedule } from "./subscription-seats";
import { ZListSeatBalances, type TListSeatBalances } from "./subscription-seat-schemas";

export type SeatBalances = { seatId: string };

/**
 * POST /v1/contracts/seatBalances/list: every seat the contract's SEAT_BASED subscriptions have
 * held, by seat id, with the commits and credits scoped to it. Rateline keeps no seat-scoped
 * balances — a recurring commit's or credit's per-seat allocation (`subscription_config`) is
 * refused at creation — so a seat's balances are empty: its usage draws on the contract's
 * pooled balances (customerBalances/list).
 */
export async function listSeatBalances(ctx: ServiceContext, input: TListSeatBalances) {
  const q = parseInput(ZListSeatBalances, input);
  const { row } = await readContract(ctx.db, q.customer_id, q.contract_id);
  const seatBased = row.subscriptions.filter((s) => s.seatGroupKey !== null);
  for (const id of q.subscription_ids ?? []) {
    const sub = row.subscriptions.find((s) => s.id === id);
    if (!sub) throw new AppError("not_found", `subscription_ids: this contract has no subscription with the id ${id}.`, { subscription_ids: "Unknown id" });
    if (sub.seatGroupKey === null) throw new AppError("bad_request", `subscription_ids: the subscription ${id} is QUANTITY_ONLY; only SEAT_BASED subscriptions have seats.`, { subscription_ids: "Not SEAT_BASED" });
  }
  const chosen = q.subscription_ids ? seatBased.filter((s) => q.subscription_ids!.includes(s.id)) : seatBased;
  const held = new Set(chosen.flatMap((s) => seatIdsEverHeld(storedSeatSchedule(s.seatChanges))));
  if (q.seat_ids && !q.skip_missing_seat_ids) {
    const missing = q.seat_ids.filter((id) => !held.has(id));
    if (missing.length) throw new AppError("bad_request", `seat_ids: no seat-based subscription here has held ${missing.join(", ")} (pass skip_missing_seat_ids to leave them out).`, { seat_ids: "Unknown seat id" });
  }
  const seats = [...held].filter((id) => !q.seat_ids || q.seat_ids.includes(id)).sort();
  const after = decodeCursor(q.cursor, ["seat_id"] as const)?.seat_id;
  const rest = after === undefined ? seats : seats.filter((id) => id > after);
  const page = rest.slice(0, q.limit);
  const more = rest.length - page.length;
  return {
    data: page.map((seatId): SeatBalances => ({ seatId })),
    includeCreditsAndCommits: q.include_credits_and_commits ?? false,
    seatsIncluded: page.length,
    seatsAvailableForNextPage: more,
    nextPage: more > 0 ? encodeCursor({ seat_id: page.at(-1)! }) : null,
  };
}
