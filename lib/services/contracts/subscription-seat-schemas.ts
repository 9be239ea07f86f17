import { z } from "zod";
import { ZId } from "@/lib/services/zod-fields";
import { ZInstant } from "@/lib/services/zod-pricing";

// The read endpoints of a contract's subscriptions and seats (subscription-history.ts,
// seat-balances.ts).

const ZSubscriptionRef = { customer_id: ZId, contract_id: ZId, subscription_id: ZId };

/** POST /v1/contracts/getSubscriptionQuantityHistory. */
export const ZSubscriptionQuantityHistory = z.object(ZSubscriptionRef);
export type TSubscriptionQuantityHistory = z.input<typeof ZSubscriptionQuantityHistory>;

/** POST /v1/contracts/getSubscriptionSeatsHistory: at most 10 segments a page, by `starting_at`. */
export const ZSubscriptionSeatsHistory = z
  .object({
    ...ZSubscriptionRef,
    covering_date: ZInstant.nullish(),
    starting_at: ZInstant.nullish(),
    ending_before: ZInstant.nullish(),
    limit: z.number("Must be a number").int("Must be a whole number").min(1, "Must be 1 to 10").max(10, "Must be 1 to 10").nullish(),
    cursor: z.string().max(500).nullish(),
  })
  .refine((q) => !q.covering_date || (!q.starting_at && !q.ending_before), { message: "covering_date cannot be used with starting_at or ending_before", path: ["covering_date"] })
  .refine((q) => !q.starting_at || !q.ending_before || q.starting_at < q.ending_before, { message: "Must be after starting_at", path: ["ending_before"] });
export type TSubscriptionSeatsHistory = z.input<typeof ZSubscriptionSeatsHistory>;

/** POST /v1/contracts/seatBalances/list: the seats of the contract's SEAT_BASED subscriptions, 1 to 100 a page. */
export const ZListSeatBalances = z
  .object({
    customer_id: ZId,
    contract_id: ZId,
    subscription_ids: z.array(ZId).max(100).optional(),
    seat_ids: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
    skip_missing_seat_ids: z.boolean().optional(),
    covering_date: ZInstant.optional(),
    starting_at: ZInstant.optional(),
    effective_before: ZInstant.optional(),
    include_credits_and_commits: z.boolean().optional(),
    include_ledgers: z.boolean().optional(),
    limit: z.number("Must be a number").int("Must be a whole number").min(1, "Must be 1 to 100").max(100, "Must be 1 to 100").default(25),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => !q.covering_date || (!q.starting_at && !q.effective_before), { message: "covering_date cannot be used with starting_at or effective_before", path: ["covering_date"] });
export type TListSeatBalances = z.input<typeof ZListSeatBalances>;
