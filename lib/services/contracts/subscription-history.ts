import { contractPricing } from "@/lib/billing/contract-pricing";
import type { Decimal } from "@/lib/billing/decimal";
import { productOf } from "@/lib/billing/rate-schedule";
import type { SeatSegment } from "@/lib/billing/seats";
import { fromDb } from "@/lib/db/decimal";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { loadContractForBilling } from "@/lib/services/invoices/draft-invoice";
import { decodeCursor, encodeCursor } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { readContract, type ContractRow } from "./contract-record";
import { storedSeatSchedule } from "./subscription-seats";
import { ZSubscriptionQuantityHistory, ZSubscriptionSeatsHistory, type TSubscriptionQuantityHistory, type TSubscriptionSeatsHistory } from "./subscription-seat-schemas";

const NO_SUBSCRIPTION = "This contract has no subscription with that id.";

function subscriptionOf(row: ContractRow, id: string) {
  const sub = row.subscriptions.find((s) => s.id === id);
  if (!sub) throw new AppError("not_found", NO_SUBSCRIPTION);
  return sub;
}

export type QuantityHistoryEntry = { startingAt: Date; quantity: Decimal; unitPrice: Decimal; total: Decimal };

/**
 * POST /v1/contracts/getSubscriptionQuantityHistory: the subscription's quantity wherever it
 * changed, up to now (later changes are the contract's quantity_schedule), each with the unit
 * price the contract pays for it then (its overrides applied) and quantity × price.
 */
export async function getSubscriptionQuantityHistory(ctx: ServiceContext, input: TSubscriptionQuantityHistory, now: Date) {
  const q = parseInput(ZSubscriptionQuantityHistory, input);
  const { row, contract, pricing } = await loadContractForBilling(ctx.db, q.customer_id, q.contract_id, now);
  const sub = subscriptionOf(row, q.subscription_id);
  const resolve = contractPricing(contract, pricing.index).rateResolver(productOf(pricing.index, sub.productId), {}, sub.billingFrequency === "WEEKLY" ? "MONTHLY" : sub.billingFrequency);
  const history: QuantityHistoryEntry[] = [];
  for (const item of sub.quantities.filter((x) => x.startingAt <= now)) {
    const rate = resolve(item.startingAt < sub.startingAt ? sub.startingAt : item.startingAt);
    const unitPrice = typeof rate !== "string" && "price" in rate.spec && rate.spec.price ? rate.spec.price : fromDb("0");
    const quantity = fromDb(item.quantity);
    history.push({ startingAt: item.startingAt, quantity, unitPrice, total: quantity.times(unitPrice) });
  }
  return { subscriptionId: sub.id, fiatCreditTypeId: pricing.fiat.id, history };
}

/**
 * POST /v1/contracts/getSubscriptionSeatsHistory: a SEAT_BASED subscription's seats, one segment
 * per change, by `starting_at`. `covering_date` picks the segment holding it; `starting_at` and
 * `ending_before` the segments that overlap that range.
 */
export async function getSubscriptionSeatsHistory(ctx: ServiceContext, input: TSubscriptionSeatsHistory) {
  const q = parseInput(ZSubscriptionSeatsHistory, input);
  const { row } = await readContract(ctx.db, q.customer_id, q.contract_id);
  const sub = subscriptionOf(row, q.subscription_id);
  if (sub.seatGroupKey === null) throw new AppError("bad_request", "subscription_id: this subscription is QUANTITY_ONLY; only a SEAT_BASED subscription has a seats history (see getSubscriptionQuantityHistory).", { subscription_id: "Not SEAT_BASED" });
  const ends = (s: SeatSegment) => s.endingBefore ?? sub.endingBefore ?? undefined;
  const segments = storedSeatSchedule(sub.seatChanges)
    .map((s) => ({ ...s, endingBefore: ends(s) }))
    .filter((s) => {
      if (q.covering_date) return s.startingAt <= q.covering_date && (!s.endingBefore || q.covering_date < s.endingBefore);
      return (!q.starting_at || !s.endingBefore || s.endingBefore > q.starting_at) && (!q.ending_before || s.startingAt < q.ending_before);
    });
  const after = decodeCursor(q.cursor ?? undefined, ["starting_at"] as const)?.starting_at;
  const rest = after ? segments.filter((s) => s.startingAt.toISOString() > after) : segments;
  const limit = q.limit ?? 10;
  const data = rest.slice(0, limit);
  return { data, next_page: rest.length > limit ? encodeCursor({ starting_at: data.at(-1)!.startingAt.toISOString() }) : null };
}
