import type {
  ContractGetSubscriptionSeatsHistoryResponse as SeatsHistory,
  ContractListSeatBalancesResponse as SeatBalances,
  ContractRetrieveSubscriptionQuantityHistoryResponse as QuantityHistory,
} from "@metronome/sdk/resources/v1/contracts/contracts";
import type { SeatSegment } from "@/lib/billing/seats";
import type { listSeatBalances } from "@/lib/services/contracts/seat-balances";
import type { QuantityHistoryEntry } from "@/lib/services/contracts/subscription-history";
import type { OnWire } from "./sdk-shape";

// A contract's subscription quantities and seats on Metronome's wire.

export function quantityHistoryToWire(h: { subscriptionId: string; fiatCreditTypeId: string; history: QuantityHistoryEntry[] }) {
  return {
    data: {
      subscription_id: h.subscriptionId,
      fiat_credit_type_id: h.fiatCreditTypeId,
      history: h.history.map((e) => ({ starting_at: e.startingAt.toISOString(), data: [{ quantity: e.quantity, unit_price: e.unitPrice, total: e.total }] })),
    },
  } satisfies OnWire<QuantityHistory>;
}

export function seatsHistoryToWire(page: { data: SeatSegment[]; next_page: string | null }) {
  return {
    data: page.data.map((s) => ({
      starting_at: s.startingAt.toISOString(),
      ending_before: s.endingBefore?.toISOString() ?? null,
      assigned_seat_ids: s.assignedSeatIds,
      total_quantity: s.totalQuantity,
    })),
    next_page: page.next_page,
  } satisfies SeatsHistory;
}

export function seatBalancesToWire(page: Awaited<ReturnType<typeof listSeatBalances>>) {
  return {
    // No balance is scoped to a seat (seat-balances.ts): each seat's lists are empty.
    data: page.data.map((s) => ({ seat_id: s.seatId, balances: [], ...(page.includeCreditsAndCommits ? { commits: [], credits: [] } : {}) })),
    pagination: { seats_included: page.seatsIncluded, seats_available_for_next_page: page.seatsAvailableForNextPage, next_page: page.nextPage },
  } satisfies SeatBalances;
}
