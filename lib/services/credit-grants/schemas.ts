import { z } from "zod";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZCustomFields, ZId } from "@/lib/services/zod-fields";
import { ZDecimal, ZHourInstant, ZInstant } from "@/lib/services/zod-pricing";

// Metronome's plans-era credit grants (v1/credit-grants.ts in @metronome/sdk), each a
// customer-level CREDIT with one access segment: effective_at → starting_at, expires_at →
// ending_before, reason → description. What Rateline cannot honour is refused by name
// (lib/http/sdk-fields.ts), so nothing is silently dropped.

/** An amount in a credit type (USD cents when none is named, as in Metronome). */
const ZAmount = z.object({ amount: ZDecimal, credit_type_id: ZId.optional() });

export const ZCreateCreditGrant = z.object({
  customer_id: ZId,
  name: z.string("Give the grant a name; it is shown on invoices").trim().min(1, "Give the grant a name; it is shown on invoices").max(200),
  grant_amount: ZAmount.refine((a) => a.amount.gt(0), { message: "Must be greater than 0", path: ["amount"] }),
  // A grant's purchase would be a charge on an invoice, which a customer-level credit has no place for.
  paid_amount: ZAmount.refine((a) => a.amount.isZero(), {
    message: "Must be 0: a credit grant's purchase is not invoiced (use a prepaid customer commit for paid credit)",
    path: ["amount"],
  }),
  priority: z.number("Give a priority (lower draws first)").finite("Must be a finite number"),
  // Balances begin and end on the hour, as every price and contract change does.
  effective_at: ZHourInstant.optional(),
  expires_at: ZHourInstant,
  product_ids: z.array(ZId).max(500).optional(),
  credit_grant_type: z.string().trim().max(200).optional(),
  custom_fields: ZCustomFields.optional(),
  reason: z.string().max(2000).optional(),
});
export type TCreateCreditGrant = z.input<typeof ZCreateCreditGrant>;

export const ZListCreditGrants = ZPageParams.extend({
  credit_grant_ids: z.array(ZId).max(500).optional(),
  credit_type_ids: z.array(ZId).max(100).optional(),
  customer_ids: z.array(ZId).max(500).optional(),
  effective_before: ZInstant.optional(),
  not_expiring_before: ZInstant.optional(),
}).refine((q) => !q.credit_grant_ids || (!q.credit_type_ids && !q.customer_ids), {
  message: "Give credit_grant_ids alone, without credit_type_ids or customer_ids",
  path: ["credit_grant_ids"],
});
export type TListCreditGrants = z.input<typeof ZListCreditGrants>;

export const ZEditCreditGrant = z.object({
  id: ZId,
  name: z.string().trim().min(1, "Must not be empty").max(200).optional(),
  expires_at: ZHourInstant.optional(),
  credit_grant_type: z.string().trim().max(200).optional(),
});
export type TEditCreditGrant = z.input<typeof ZEditCreditGrant>;

export const ZListCreditGrantEntries = z.object({
  next_page: z.string().max(500).optional(),
  sort: ZSortOrder.default("asc"),
  credit_type_ids: z.array(ZId).max(100).optional(),
  customer_ids: z.array(ZId).max(500).optional(),
  starting_on: ZInstant.optional(),
  ending_before: ZInstant.optional(),
});
export type TListCreditGrantEntries = z.input<typeof ZListCreditGrantEntries>;

export const ZVoidCreditGrant = z.object({
  id: ZId,
  // Grants take no uniqueness key and have no purchase invoice, so both ask for nothing to be done.
  release_uniqueness_key: z.boolean().optional(),
  void_credit_purchase_invoice: z.boolean().optional(),
});
export type TVoidCreditGrant = z.input<typeof ZVoidCreditGrant>;
