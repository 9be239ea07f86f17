import { z } from "zod";
import { Decimal } from "@/lib/billing/decimal";
import { ZCommit, ZCredit } from "@/lib/services/contracts/schemas";
import { ZPageParams } from "@/lib/services/pagination";
import { ZCustomFields, ZId } from "@/lib/services/zod-fields";
import { ZDecimal, ZInstant } from "@/lib/services/zod-pricing";

// Metronome's bodies for customer-level commits and credits and for balances
// (v1/customers/commits.ts, credits.ts and v1/contracts/contracts.ts in @metronome/sdk). A
// commit or credit is shaped as on a contract (contracts/schemas.ts), plus what a
// customer-level one needs.

/** Metronome fields Rateline cannot honour yet: refused, so nothing is silently dropped. */
const unsupported = (message: string) =>
  z
    .unknown()
    .refine((v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0), message)
    .optional();

const customerLevel = {
  customer_id: ZId,
  // Required by Metronome for customer-level balances: they meet the contract's own ones.
  priority: z.number("Give a priority (lower draws first)").finite("Must be a finite number"),
  applicable_contract_ids: unsupported("A customer-level balance applies to every contract of the customer; applicable_contract_ids is not supported yet"),
  uniqueness_key: unsupported("uniqueness_key is not supported on customer-level commits and credits yet"),
  rate_type: z.enum(["LIST_RATE", "COMMIT_RATE"], "Choose LIST_RATE").refine((t) => t === "LIST_RATE", "Balances draw at list rates; COMMIT_RATE is not supported").optional(),
  salesforce_opportunity_id: z.string().trim().max(200).optional(),
  netsuite_sales_order_id: unsupported("netsuite_sales_order_id is not supported"),
};

/** An invoice schedule item's amount: `amount`, or quantity × unit_price. */
const dueAmount = (i: { amount?: Decimal; quantity?: Decimal; unit_price?: Decimal }) => i.amount ?? i.quantity!.times(i.unit_price!);

export const ZCreateCustomerCommit = ZCommit.extend({ ...customerLevel, invoice_contract_id: ZId.optional() }).superRefine((c, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const invoice = c.invoice_schedule;
  if (invoice?.do_not_invoice) issue(["invoice_schedule", "do_not_invoice"], "Leave out invoice_schedule for a commit that is not invoiced");
  // Metronome's rule: a commit that is invoiced names the contract its invoices are on.
  if ((invoice || c.type === "POSTPAID") && !c.invoice_contract_id) issue(["invoice_contract_id"], "Name the contract this commit is invoiced on");
  if (c.type !== "POSTPAID") return;
  // Metronome's rule: a postpaid commit has one access item and one invoice item (its true-up), of the same amount.
  if (c.access_schedule.schedule_items.length !== 1) issue(["access_schedule", "schedule_items"], "A POSTPAID commit has exactly one access schedule item");
  if (!invoice || invoice.recurring_schedule || invoice.schedule_items?.length !== 1) {
    issue(["invoice_schedule"], "A POSTPAID commit needs an invoice_schedule with exactly one schedule item, its true-up");
  } else if (c.access_schedule.schedule_items.length === 1 && !dueAmount(invoice.schedule_items[0]!).eq(c.access_schedule.schedule_items[0]!.amount)) {
    issue(["invoice_schedule", "schedule_items", 0, "amount"], "Must equal the access schedule's amount");
  }
});
export type TCreateCustomerCommit = z.input<typeof ZCreateCustomerCommit>;
export type CustomerCommitInput = z.output<typeof ZCreateCustomerCommit>;

export const ZCreateCustomerCredit = ZCredit.extend(customerLevel);
export type TCreateCustomerCredit = z.input<typeof ZCreateCustomerCredit>;
export type CustomerCreditInput = z.output<typeof ZCreateCustomerCredit>;

/** The date filters every balance list takes; each keeps balances with a segment that matches. */
const listFilters = {
  customer_id: ZId,
  covering_date: ZInstant.optional(),
  starting_at: ZInstant.optional(),
  effective_before: ZInstant.optional(),
  include_archived: z.boolean().optional(),
  include_balance: z.boolean().optional(),
  include_ledgers: z.boolean().optional(),
};

export const ZListCustomerCommits = ZPageParams.extend({ ...listFilters, commit_id: ZId.optional(), include_contract_commits: z.boolean().optional() });
export type TListCustomerCommits = z.input<typeof ZListCustomerCommits>;

export const ZListCustomerCredits = ZPageParams.extend({ ...listFilters, credit_id: ZId.optional(), include_contract_credits: z.boolean().optional() });
export type TListCustomerCredits = z.input<typeof ZListCustomerCredits>;

export const ZListBalances = ZPageParams.extend({
  ...listFilters,
  id: ZId.optional(),
  include_contract_balances: z.boolean().optional(),
  exclude_zero_balances: z.boolean().optional(),
});
export type TListBalances = z.input<typeof ZListBalances>;

export const ZGetNetBalance = z.object({
  customer_id: ZId,
  credit_type_id: ZId.optional(),
  filters: z
    .array(
      z.object({
        balance_types: z.array(z.enum(["PREPAID_COMMIT", "POSTPAID_COMMIT", "CREDIT"], "Choose PREPAID_COMMIT, POSTPAID_COMMIT or CREDIT")).optional(),
        custom_fields: ZCustomFields.optional(),
        ids: z.array(ZId).max(500).optional(),
      }),
    )
    .max(100)
    .optional(),
  invoice_inclusion_mode: z.enum(["FINALIZED", "FINALIZED_AND_DRAFT"], "Choose FINALIZED or FINALIZED_AND_DRAFT").default("FINALIZED_AND_DRAFT"),
});
export type TGetNetBalance = z.input<typeof ZGetNetBalance>;

export const ZAddManualLedgerEntry = z.object({
  id: ZId,
  customer_id: ZId,
  segment_id: ZId,
  contract_id: ZId.optional(),
  amount: ZDecimal.refine((d) => !d.isZero(), "Must not be zero (negative draws the balance down)"),
  reason: z.string("Give a reason; it is shown in the ledger").trim().min(1, "Give a reason; it is shown in the ledger").max(1000),
  timestamp: ZInstant.optional(),
  per_group_amounts: unsupported("per_group_amounts applies to seat-based balances, which Rateline does not have"),
});
export type TAddManualLedgerEntry = z.input<typeof ZAddManualLedgerEntry>;
