import { z } from "zod";
import { ZCustomFields, ZId } from "@/lib/services/zod-fields";
import { ZRateSelector } from "@/lib/services/rate-cards/schemas";
import { ZDecimal, ZHourInstant, ZInstant, ZNames, ZNonNegativeDecimal } from "@/lib/services/zod-pricing";
import { ZPrepaidBalanceThreshold, ZPrepaidBalanceThresholdUpdate } from "@/lib/services/auto-recharge/schemas";
import { ZSpecifiers } from "./specifiers";
import { ZSpendThresholdConfiguration, ZSpendThresholdUpdate } from "./spend-threshold";

// Contracts in Metronome's body shapes (ContractCreateParams, v2 ContractRetrieveParams … in
// @metronome/sdk). Beyond Metronome: VOLUME/PACKAGE overwrite rates and `percentage_discounts`.

export const upper = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.string(message).transform((s) => s.toUpperCase()).pipe(z.enum(values, message));

const ZAmount = ZDecimal.refine((d) => d.gt(0), "Must be greater than 0");
const ZPriority = z.number("Must be a number").finite();

const ZScheduleItem = z
  .object({ timestamp: ZHourInstant, amount: ZDecimal.optional(), quantity: ZDecimal.optional(), unit_price: ZDecimal.optional() })
  .refine((i) => i.amount !== undefined || (i.quantity !== undefined && i.unit_price !== undefined), {
    message: "Give an amount, or a quantity and a unit_price",
    path: ["amount"],
  });

const ZRecurringSchedule = z.object({
  starting_at: ZHourInstant,
  ending_before: ZHourInstant,
  frequency: upper(["MONTHLY", "QUARTERLY", "SEMI_ANNUAL", "ANNUAL"], "Choose MONTHLY, QUARTERLY, SEMI_ANNUAL or ANNUAL"),
  amount_distribution: upper(["DIVIDED", "DIVIDED_ROUNDED", "EACH"], "Choose DIVIDED, DIVIDED_ROUNDED or EACH"),
  amount: ZDecimal.optional(),
  quantity: ZDecimal.optional(),
  unit_price: ZDecimal.optional(),
});

export const ZChargeSchedule = z
  .object({
    credit_type_id: ZId.optional(),
    schedule_items: z.array(ZScheduleItem).max(500).optional(),
    recurring_schedule: ZRecurringSchedule.optional(),
    // An uninvoiced schedule would need a place outside invoices; refuse it rather than bill it.
    do_not_invoice: z.literal(false, "do_not_invoice: true is not supported yet").optional(),
  })
  .refine((s) => (s.schedule_items?.length ?? 0) > 0 || s.recurring_schedule, { message: "Give schedule_items or a recurring_schedule", path: ["schedule_items"] });

const ZAccessSchedule = z.object({
  credit_type_id: ZId.optional(),
  schedule_items: z
    .array(
      z
        .object({ amount: ZAmount, starting_at: ZHourInstant, ending_before: ZHourInstant })
        .refine((i) => i.starting_at < i.ending_before, { message: "Must be after starting_at", path: ["ending_before"] }),
    )
    .min(1, "Give at least one schedule item")
    .max(500),
});

export const balanceShape = {
  product_id: ZId,
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
  access_schedule: ZAccessSchedule,
  applicable_product_ids: z.array(ZId).max(500).optional(),
  applicable_product_tags: ZNames.optional(),
  priority: ZPriority.optional(),
  rollover_fraction: ZDecimal.refine((d) => d.gte(0) && d.lte(1), "Must be between 0 and 1").optional(),
  custom_fields: ZCustomFields.optional(),
};

// Specifiers scope a balance instead of the applicable lists (refused together when written:
// specifiers.ts refuseSpecifiersWithApplicable).
export const ZCommit = z.object({
  ...balanceShape,
  specifiers: ZSpecifiers.optional(),
  type: upper(["PREPAID", "POSTPAID"], "Choose PREPAID or POSTPAID"),
  invoice_schedule: ZChargeSchedule.optional(),
});
export type CommitInput = z.output<typeof ZCommit>;

export const ZCredit = z.object({ ...balanceShape, specifiers: ZSpecifiers.optional() });
export type CreditInput = z.output<typeof ZCredit>;

// Recurring commits and credits (ContractCreateParams.RecurringCommit/RecurringCredit), their
// specifiers passed down to the balances they grant. Seats (subscription_config), hierarchies and
// commit-specific overrides (temporary_id) are
// refused by name in the REST API (lib/http/sdk-fields.ts); what is left is what Rateline does.
export const ZUnitAmount = z.object({ credit_type_id: ZId, unit_price: ZNonNegativeDecimal, quantity: ZNonNegativeDecimal });
export const ZProrationRounding = z.object({
  decimal_places: z.number("Must be a number").int("Must be a whole number").min(-30).max(30),
  rounding_method: upper(["HALF_UP", "FLOOR", "CEILING"], "Choose HALF_UP, FLOOR or CEILING"),
});
export const recurringShape = {
  product_id: ZId,
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
  access_amount: ZUnitAmount.extend({ quantity: ZNonNegativeDecimal.optional() }).refine((a) => a.quantity !== undefined, {
    message: "Give a quantity (the per-seat amounts of a subscription_config are not supported)",
    path: ["quantity"],
  }),
  commit_duration: z.object({ value: z.number("Must be a number").int("Must be a whole number of periods").min(1, "Must be at least 1 period"), unit: z.literal("PERIODS").optional() }),
  priority: ZPriority,
  starting_at: ZHourInstant,
  ending_before: ZHourInstant.optional(),
  applicable_product_ids: z.array(ZId).max(500).optional(),
  applicable_product_tags: ZNames.optional(),
  proration: upper(["NONE", "FIRST", "LAST", "FIRST_AND_LAST"], "Choose NONE, FIRST, LAST or FIRST_AND_LAST").optional(),
  recurrence_frequency: upper(["MONTHLY", "QUARTERLY", "ANNUAL", "WEEKLY", "DAILY"], "Choose MONTHLY, QUARTERLY, ANNUAL, WEEKLY or DAILY").optional(),
  // The balances draw what the contract's rates (overrides included) charge.
  rate_type: upper(["COMMIT_RATE"], "Only COMMIT_RATE is supported: balances draw what the contract's rates charge").optional(),
  rollover_fraction: ZDecimal.refine((d) => d.gte(0) && d.lte(1), "Must be between 0 and 1").optional(),
};
const endsAfterStart = { message: "Must be after starting_at", path: ["ending_before"] };

export const ZRecurringCommit = z
  .object({
    ...recurringShape,
    specifiers: ZSpecifiers.optional(),
    invoice_amount: ZUnitAmount.optional(),
    proration_rounding: z.object({ access: ZProrationRounding.optional(), invoice: ZProrationRounding.optional() }).optional(),
  })
  .refine((r) => !r.ending_before || r.starting_at < r.ending_before, endsAfterStart);
export type RecurringCommitInput = z.output<typeof ZRecurringCommit>;

export const ZRecurringCredit = z
  .object({ ...recurringShape, specifiers: ZSpecifiers.optional(), proration_rounding: z.object({ access: ZProrationRounding.optional() }).optional() })
  .refine((r) => !r.ending_before || r.starting_at < r.ending_before, endsAfterStart);
export type RecurringCreditInput = z.output<typeof ZRecurringCredit>;

export const ZOverwriteRate = z.object({
  rate_type: upper(["FLAT", "TIERED", "VOLUME", "PACKAGE", "PERCENTAGE", "SUBSCRIPTION"], "Choose FLAT, TIERED, VOLUME, PACKAGE, PERCENTAGE or SUBSCRIPTION"),
  price: ZDecimal.optional(),
  tiers: z.array(z.object({ size: ZDecimal.nullish(), price: ZDecimal })).max(100).optional(),
  package_size: ZDecimal.optional(),
  package_rounding: z.enum(["ROUND_UP", "ROUND_DOWN"]).optional(),
  minimum: ZDecimal.optional(),
  maximum: ZDecimal.optional(),
  credit_type_id: ZId.optional(),
});

export const ZOverride = z
  .object({
    starting_at: ZHourInstant,
    ending_before: ZHourInstant.optional(),
    product_id: ZId.optional(),
    applicable_product_tags: ZNames.optional(),
    // Metronome's rule: the whole target when given, never beside product_id or applicable_product_tags.
    override_specifiers: ZSpecifiers.optional(),
    type: upper(["MULTIPLIER", "OVERWRITE", "TIERED"], "Choose MULTIPLIER, OVERWRITE or TIERED").optional(),
    multiplier: ZDecimal.refine((d) => d.gte(0), "Must not be negative").optional(),
    overwrite_rate: ZOverwriteRate.optional(),
    tiers: z.array(z.object({ size: ZDecimal.nullish(), multiplier: ZDecimal })).max(100).optional(),
    priority: ZPriority.optional(),
    entitled: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (o.ending_before && o.ending_before <= o.starting_at) issue("ending_before", "Must be after starting_at");
    if (o.override_specifiers && (o.product_id || o.applicable_product_tags?.length)) {
      issue("override_specifiers", "override_specifiers cannot be used together with product_id or applicable_product_tags");
    }
    if (!o.product_id && !o.applicable_product_tags?.length && !o.override_specifiers) {
      issue("product_id", "Name the product_id, applicable_product_tags or override_specifiers the override applies to");
    }
    if (o.type === "MULTIPLIER" && !o.multiplier) issue("multiplier", "A MULTIPLIER override needs a multiplier");
    if (o.type === "OVERWRITE" && !o.overwrite_rate) issue("overwrite_rate", "An OVERWRITE override needs an overwrite_rate");
    if (o.type === "TIERED" && !o.tiers?.length) issue("tiers", "A TIERED override needs tiers");
    if (!o.type && o.entitled === undefined) issue("type", "Give a type (MULTIPLIER, OVERWRITE, TIERED) or entitled");
  });
export type OverrideInput = z.output<typeof ZOverride>;

const ZSeatIds = z
  .array(z.string("Each seat id must be a string").trim().min(1, "A seat id must not be empty").max(200), "Give the seat ids")
  .max(10_000)
  .transform((ids) => [...new Set(ids)]);
const ZSeatCount = z.number("Must be a whole number of seats").int("Must be a whole number of seats").min(0, "Must not be negative").max(1_000_000);

export const ZSubscription = z.object({
  collection_schedule: upper(["ADVANCE", "ARREARS"], "Choose ADVANCE or ARREARS"),
  // Billing a proration at once (BILL_IMMEDIATELY) is refused by name in the REST API
  // (lib/http/sdk-fields.ts); what is left is what Rateline does.
  proration: z.object({ is_prorated: z.boolean().default(true), invoice_behavior: z.literal("BILL_ON_NEXT_COLLECTION_DATE").optional() }).default({ is_prorated: true }),
  quantity_management_mode: upper(["QUANTITY_ONLY", "SEAT_BASED"], "Choose QUANTITY_ONLY or SEAT_BASED").optional(),
  // SEAT_BASED: the seats are named, and their count is the quantity (lib/billing/seats.ts).
  seat_config: z
    .object({
      seat_group_key: z.string("Give the seat group key").trim().min(1, "Give the seat group key").max(200),
      initial_seat_ids: ZSeatIds,
      initial_unassigned_seats: ZSeatCount.optional(),
    })
    .strict()
    .optional(),
  subscription_rate: z.object({ product_id: ZId, billing_frequency: upper(["MONTHLY", "QUARTERLY", "ANNUAL"], "Choose MONTHLY, QUARTERLY or ANNUAL") }),
  initial_quantity: ZDecimal.refine((d) => d.gte(0) && d.isInteger(), "Must be a whole number of seats, 0 or more").optional(),
  starting_at: ZHourInstant.optional(),
  ending_before: ZHourInstant.optional(),
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
});

/** A contract's subscription: SEAT_BASED exactly when it has a seat_config, and then no initial_quantity. */
export const ZContractSubscription = ZSubscription.superRefine((s, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (s.quantity_management_mode === "SEAT_BASED") {
    if (!s.seat_config) issue("seat_config", "A SEAT_BASED subscription needs a seat_config");
    if (s.initial_quantity !== undefined) issue("initial_quantity", "A SEAT_BASED subscription's quantity is its seats: give seat_config.initial_seat_ids and initial_unassigned_seats instead");
  } else if (s.seat_config) {
    issue("seat_config", "Only a SEAT_BASED subscription takes a seat_config (set quantity_management_mode to SEAT_BASED)");
  }
});
export type SubscriptionInput = z.output<typeof ZContractSubscription>;

/** update_subscriptions[].seat_updates of POST /v2/contracts/edit (a SEAT_BASED subscription's seats from dates on). */
const ZSeatIdChange = z.object({ seat_ids: ZSeatIds.refine((ids) => ids.length > 0, "Give at least one seat id"), starting_at: ZHourInstant }).strict();
const ZUnassignedChange = z.object({ quantity: ZSeatCount.refine((n) => n > 0, "Must be greater than 0"), starting_at: ZHourInstant }).strict();
export const ZSeatUpdates = z
  .object({
    add_seat_ids: z.array(ZSeatIdChange).max(100).optional(),
    remove_seat_ids: z.array(ZSeatIdChange).max(100).optional(),
    add_unassigned_seats: z.array(ZUnassignedChange).max(100).optional(),
    remove_unassigned_seats: z.array(ZUnassignedChange).max(100).optional(),
  })
  .strict();
export type SeatUpdatesInput = z.output<typeof ZSeatUpdates>;

export const ZScheduledCharge = z.object({ product_id: ZId, name: z.string().trim().max(200).optional(), schedule: ZChargeSchedule, custom_fields: ZCustomFields.optional() });
export type ScheduledChargeInput = z.output<typeof ZScheduledCharge>;

export const ZPercentageDiscount = z
  .object({
    name: z.string().trim().min(1, "Name the discount").max(200),
    fraction: ZDecimal.refine((d) => d.gt(0) && d.lte(1), "Must be more than 0 and at most 1 (0.2 is 20% off)"),
    applicable_product_ids: z.array(ZId).max(500).optional(),
    applicable_product_tags: ZNames.optional(),
    starting_at: ZHourInstant,
    ending_before: ZHourInstant.optional(),
  })
  .refine((d) => !d.ending_before || d.starting_at < d.ending_before, { message: "Must be after starting_at", path: ["ending_before"] });
export type PercentageDiscountInput = z.output<typeof ZPercentageDiscount>;

// A usage filter (Shared.BaseUsageFilter): the contract bills only the events whose value of
// group_key is one of group_values, from starting_at on (lib/billing/usage-filters.ts).
const usageFilterShape = {
  group_key: z.string("Give the group key").trim().min(1, "Give the group key").max(200),
  group_values: z
    .array(z.string("Each group value must be a string").max(500), "Give the group values")
    .min(1, "Give at least one group value")
    .max(1000)
    .transform((values) => [...new Set(values)]),
};
export const ZUsageFilter = z.object({ ...usageFilterShape, starting_at: ZHourInstant.optional() });

/** POST /v1/contracts/setUsageFilter: the filter from `starting_at` on, replacing any set from then on. */
export const ZSetUsageFilter = z.object({ customer_id: ZId, contract_id: ZId, ...usageFilterShape, starting_at: ZHourInstant });
export type TSetUsageFilter = z.input<typeof ZSetUsageFilter>;

// Metronome's hierarchy_configuration on create (lib/billing/hierarchy.ts): a child names its
// parent contract and lets it pay (payer PARENT, statements CONSOLIDATE into the parent's
// invoice); a parent says how it consolidates (CONCATENATE). A child paying for itself (SELF),
// SEPARATE statements and NONE are refused by name in the REST API (sdk-fields.ts) and here.
export const ZHierarchyConfiguration = z
  .object({
    parent: z.object({ contract_id: ZId, customer_id: ZId }).optional(),
    parent_behavior: z
      .object({ invoice_consolidation_type: upper(["CONCATENATE"], "Only CONCATENATE is supported: the children's statements are appended to the parent's invoice").optional() })
      .optional(),
    payer: upper(["PARENT"], "Only PARENT is supported: the parent pays for the child's charges").optional(),
    usage_statement_behavior: upper(["CONSOLIDATE"], "Only CONSOLIDATE is supported: the child's statements are on the parent's invoice").optional(),
  })
  .superRefine((h, ctx) => {
    if (!h.parent) {
      if (h.payer || h.usage_statement_behavior) ctx.addIssue({ code: "custom", path: ["parent"], message: "Give the parent contract: payer and usage_statement_behavior are a child's" });
      return;
    }
    if (!h.payer) ctx.addIssue({ code: "custom", path: ["payer"], message: "Give the payer: PARENT (the parent pays for the child's charges)" });
    if (h.parent_behavior) ctx.addIssue({ code: "custom", path: ["parent_behavior"], message: "A child contract cannot be a parent too: hierarchies are one level deep" });
  });
export type HierarchyConfigurationInput = z.output<typeof ZHierarchyConfiguration>;

/** What a child its parent pays for has none of: its charges are drawn from the parent's balances, undiscounted by its own terms. */
export const NOT_ON_A_PAID_CHILD = [
  "commits",
  "credits",
  "recurring_commits",
  "recurring_credits",
  "discounts",
  "percentage_discounts",
  "spend_threshold_configuration",
  "prepaid_balance_threshold_configuration",
  "scheduled_charges_on_usage_invoices",
  "transition",
] as const;

/** The terms a contract is created with, and that an edit or amendment adds. */
export const termsShape = {
  overrides: z.array(ZOverride).max(500).optional(),
  commits: z.array(ZCommit).max(200).optional(),
  credits: z.array(ZCredit).max(200).optional(),
  subscriptions: z.array(ZContractSubscription).max(100).optional(),
  scheduled_charges: z.array(ZScheduledCharge).max(200).optional(),
  discounts: z.array(ZScheduledCharge).max(200).optional(),
  percentage_discounts: z.array(ZPercentageDiscount).max(100).optional(),
  recurring_commits: z.array(ZRecurringCommit).max(100).optional(),
  recurring_credits: z.array(ZRecurringCredit).max(100).optional(),
};

export const ZCreateContract = z
  .object({
    customer_id: ZId,
    starting_at: ZHourInstant,
    ending_before: ZHourInstant.optional(),
    rate_card_id: ZId.optional(),
    rate_card_alias: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().max(200).optional(),
    net_payment_terms_days: z.number().int().min(0).max(365).optional(),
    uniqueness_key: z.string().trim().min(1).max(128).optional(),
    custom_fields: ZCustomFields.optional(),
    multiplier_override_prioritization: upper(["LOWEST_MULTIPLIER", "EXPLICIT"], "Choose LOWEST_MULTIPLIER or EXPLICIT").optional(),
    usage_statement_schedule: z
      .object({
        frequency: upper(["MONTHLY", "QUARTERLY", "ANNUAL"], "Choose MONTHLY, QUARTERLY or ANNUAL"),
        day: upper(["FIRST_OF_MONTH", "CONTRACT_START", "CUSTOM_DATE"], "Choose FIRST_OF_MONTH, CONTRACT_START or CUSTOM_DATE").default("CONTRACT_START"),
        billing_anchor_date: ZHourInstant.optional(),
      })
      .refine((s) => s.day !== "CUSTOM_DATE" || s.billing_anchor_date, { message: "A CUSTOM_DATE schedule needs a billing_anchor_date", path: ["billing_anchor_date"] })
      .optional(),
    usage_filter: ZUsageFilter.optional(),
    prepaid_balance_threshold_configuration: ZPrepaidBalanceThreshold.optional(),
    // A contract from a package (lib/services/packages): the package gives the rate card and terms.
    package_id: ZId.optional(),
    package_alias: z.string().trim().min(1).max(200).optional(),
    spend_threshold_configuration: ZSpendThresholdConfiguration.optional(),
    // The contract this one takes over from at its start (lib/billing/transitions.ts). Removing
    // the previous contract's future true-ups (trueup: REMOVE) is refused by name in the REST API.
    transition: z
      .object({
        from_contract_id: ZId,
        type: upper(["RENEWAL", "SUPERSEDE"], "Choose RENEWAL or SUPERSEDE"),
        future_invoice_behavior: z.object({ trueup: z.literal("AS_IS", "Only AS_IS is supported: the previous contract's true-ups are billed as they are").nullish() }).optional(),
      })
      .optional(),
    // Recorded and returned as given; nothing bills it.
    total_contract_value: ZNonNegativeDecimal.optional(),
    // What is dated at a period's end is billed on its usage invoice (lib/billing/scheduled-invoices.ts).
    scheduled_charges_on_usage_invoices: z.literal("ALL", "Only ALL is supported").optional(),
    // Terms billed only when scheduleProServicesInvoice asks (up to max_amount).
    professional_services: z
      .array(
        z
          .object({
            product_id: ZId,
            max_amount: ZNonNegativeDecimal,
            quantity: ZNonNegativeDecimal,
            unit_price: ZNonNegativeDecimal,
            description: z.string().max(2000).optional(),
          })
          .refine((p) => p.quantity.times(p.unit_price).lte(p.max_amount), { message: "quantity × unit_price must not exceed max_amount", path: ["max_amount"] }),
      )
      .max(100)
      .optional(),
    hierarchy_configuration: ZHierarchyConfiguration.optional(),
    ...termsShape,
  })
  .superRefine((c, ctx) => {
    if (c.hierarchy_configuration?.parent) {
      for (const key of NOT_ON_A_PAID_CHILD) {
        const value = c[key];
        if (value !== undefined && (!Array.isArray(value) || value.length > 0)) {
          ctx.addIssue({ code: "custom", path: [key], message: "A child contract its parent pays for draws on the parent's commits and credits: it cannot have this of its own" });
        }
      }
    }
    if (c.ending_before && c.ending_before <= c.starting_at) ctx.addIssue({ code: "custom", path: ["ending_before"], message: "Must be after starting_at" });
    const from = c.usage_filter?.starting_at;
    if (from && (from < c.starting_at || (c.ending_before && from >= c.ending_before))) {
      ctx.addIssue({ code: "custom", path: ["usage_filter", "starting_at"], message: "Must be within the contract (from its starting_at, before its ending_before)" });
    }
    if (c.package_id && c.package_alias) ctx.addIssue({ code: "custom", path: ["package_alias"], message: "Give package_id or package_alias, not both" });
    if (c.package_id || c.package_alias) return;
    if (!c.rate_card_id && !c.rate_card_alias) ctx.addIssue({ code: "custom", path: ["rate_card_id"], message: "Give the rate_card_id (or rate_card_alias) the contract prices from" });
  });
export type TCreateContract = z.input<typeof ZCreateContract>;
export type CreateContractInput = z.output<typeof ZCreateContract>;

/** POST /v2/contracts/get. */
export const ZGetContract = z.object({ customer_id: ZId, contract_id: ZId, as_of_date: ZInstant.optional(), include_balance: z.boolean().optional(), include_ledgers: z.boolean().optional() });
export type TGetContract = z.input<typeof ZGetContract>;

/** POST /v1/contracts/get: v2's without as_of_date (balances are as of now). */
export const ZGetContractV1 = ZGetContract.omit({ as_of_date: true });
export type TGetContractV1 = z.input<typeof ZGetContractV1>;

/** POST /v1/contracts/list and /v2/contracts/list (the SDK's params are the same). */
export const ZListContracts = z
  .object({
    customer_id: ZId,
    covering_date: ZInstant.optional(),
    starting_at: ZInstant.optional(),
    include_archived: z.boolean().optional(),
    include_balance: z.boolean().optional(),
    include_ledgers: z.boolean().optional(),
  })
  // As in Metronome: the two filters are exclusive, so neither is silently dropped for the other.
  .refine((q) => !(q.covering_date && q.starting_at), { message: "Give covering_date or starting_at, not both", path: ["starting_at"] });
export type TListContracts = z.input<typeof ZListContracts>;

export const ZArchiveContract = z.object({ customer_id: ZId, contract_id: ZId, void_invoices: z.boolean() });
export type TArchiveContract = z.input<typeof ZArchiveContract>;

export const ZUpdateEndDate = z.object({
  customer_id: ZId,
  contract_id: ZId,
  ending_before: ZHourInstant.optional(),
  allow_ending_before_finalized_invoice: z.boolean().optional(),
});
export type TUpdateEndDate = z.input<typeof ZUpdateEndDate>;

// ───────────────────────────── Edits ─────────────────────────────

const ZRef = z.object({ id: ZId }).strict();

const balanceUpdateShape = {
  access_schedule: z
    .object({
      add_schedule_items: z
        .array(
          z
            .object({ amount: ZAmount, starting_at: ZHourInstant, ending_before: ZHourInstant })
            .refine((i) => i.starting_at < i.ending_before, { message: "Must be after starting_at", path: ["ending_before"] }),
        )
        .max(500)
        .optional(),
      update_schedule_items: z.array(z.object({ id: ZId, amount: ZAmount.optional(), starting_at: ZHourInstant.optional(), ending_before: ZHourInstant.optional() }).strict()).max(500).optional(),
      remove_schedule_items: z.array(ZRef).max(500).optional(),
    })
    .strict()
    .optional(),
  applicable_product_ids: z.array(ZId).nullish(),
  applicable_product_tags: ZNames.nullish(),
  // null clears them (the balance then applies by its applicable lists, or to all usage).
  specifiers: ZSpecifiers.nullish(),
  priority: ZPriority.nullish(),
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
  rollover_fraction: ZDecimal.refine((d) => d.gte(0) && d.lte(1), "Must be between 0 and 1").nullish(),
};

/** A commit's purchase dates and amounts, edited item by item (what a finalized invoice billed stays). */
const ZInvoiceScheduleUpdate = z
  .object({
    add_schedule_items: z.array(ZScheduleItem).max(500).optional(),
    update_schedule_items: z
      .array(z.object({ id: ZId, timestamp: ZHourInstant.optional(), amount: ZDecimal.optional(), quantity: ZDecimal.optional(), unit_price: ZDecimal.optional() }).strict())
      .max(500)
      .optional(),
    remove_schedule_items: z.array(ZRef).max(500).optional(),
  })
  .strict();

const ZCreditUpdate = z.object(balanceUpdateShape).strict();
const ZCommitUpdate = z.object({ ...balanceUpdateShape, invoice_schedule: ZInvoiceScheduleUpdate.optional() }).strict();
/** The changes to one commit or credit, as v2 edit's update_commits/update_credits and editCommit/editCredit take them. */
export type BalanceUpdate = z.output<typeof ZCommitUpdate>;

/**
 * POST /v2/contracts/edit. Unsupported operations of Metronome's edit are refused by name
 * (strict), never silently dropped.
 */
export const ZEditContract = z
  .object({
    customer_id: ZId,
    contract_id: ZId,
    uniqueness_key: z.string().trim().min(1).max(128).optional(),
    add_overrides: termsShape.overrides,
    add_commits: termsShape.commits,
    add_credits: termsShape.credits,
    add_subscriptions: termsShape.subscriptions,
    add_scheduled_charges: termsShape.scheduled_charges,
    add_discounts: termsShape.discounts,
    add_percentage_discounts: termsShape.percentage_discounts,
    add_recurring_commits: termsShape.recurring_commits,
    add_recurring_credits: termsShape.recurring_credits,
    remove_overrides: z.array(ZRef).optional(),
    archive_commits: z.array(ZRef).optional(),
    archive_credits: z.array(ZRef).optional(),
    archive_scheduled_charges: z.array(ZRef).optional(),
    update_commits: z.array(ZCommitUpdate.extend({ commit_id: ZId })).optional(),
    update_credits: z.array(ZCreditUpdate.extend({ credit_id: ZId })).optional(),
    update_subscriptions: z
      .array(
        z
          .object({
            subscription_id: ZId,
            ending_before: ZHourInstant.nullish(),
            quantity_updates: z
              .array(
                z
                  .object({ starting_at: ZHourInstant, quantity: ZDecimal.optional(), quantity_delta: ZDecimal.optional() })
                  .refine((u) => (u.quantity === undefined) !== (u.quantity_delta === undefined), { message: "Give quantity or quantity_delta", path: ["quantity"] }),
              )
              .optional(),
            seat_updates: ZSeatUpdates.optional(),
            quantity_management_mode_update: z
              .object({
                quantity_management_mode: z.literal("SEAT_BASED", "Only SEAT_BASED: a subscription changes from QUANTITY_ONLY to SEAT_BASED"),
                seat_config: z.object({ seat_group_key: z.string("Give the seat group key").trim().min(1, "Give the seat group key").max(200) }).strict(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .optional(),
    update_contract_end_date: ZHourInstant.nullish(),
    update_contract_name: z.string().trim().max(200).nullish(),
    update_net_payment_terms_days: z.number().int().min(0).max(365).nullish(),
    add_spend_threshold_configuration: ZSpendThresholdConfiguration.optional(),
    update_spend_threshold_configuration: ZSpendThresholdUpdate.optional(),
    allow_contract_ending_before_finalized_invoice: z.boolean().optional(),
    add_prepaid_balance_threshold_configuration: ZPrepaidBalanceThreshold.optional(),
    update_prepaid_balance_threshold_configuration: ZPrepaidBalanceThresholdUpdate.optional(),
  })
  .strict();
export type TEditContract = z.input<typeof ZEditContract>;
export type EditContractInput = z.output<typeof ZEditContract>;

/**
 * POST /v2/contracts/commits/edit: one commit, contract-level or customer-level. Which contracts a
 * customer-level commit applies to is not kept (it applies to all), so applicable_contract_ids,
 * like specifiers and hierarchies, is refused by name in the REST API (lib/http/sdk-fields.ts).
 */
export const ZEditCommit = ZCommitUpdate.omit({ rollover_fraction: true }).extend({ customer_id: ZId, commit_id: ZId, invoice_contract_id: ZId.optional() }).strict();
export type TEditCommit = z.input<typeof ZEditCommit>;

/** POST /v2/contracts/credits/edit: one credit, contract-level or customer-level. */
export const ZEditCredit = ZCreditUpdate.omit({ rollover_fraction: true }).extend({ customer_id: ZId, credit_id: ZId }).strict();
export type TEditCredit = z.input<typeof ZEditCredit>;

/** POST /v1/contracts/customerCommits/updateEndDate: ends a prepaid commit's access and purchase earlier. */
export const ZUpdateCommitEndDate = z
  .object({ customer_id: ZId, commit_id: ZId, access_ending_before: ZHourInstant.optional(), invoices_ending_before: ZHourInstant.optional() })
  .strict()
  .refine((u) => u.access_ending_before || u.invoices_ending_before, { message: "Give access_ending_before or invoices_ending_before", path: ["access_ending_before"] });
export type TUpdateCommitEndDate = z.input<typeof ZUpdateCommitEndDate>;

/** POST /v1/contracts/customerCredits/updateEndDate: ends a credit's access earlier. */
export const ZUpdateCreditEndDate = z.object({ customer_id: ZId, credit_id: ZId, access_ending_before: ZHourInstant }).strict();
export type TUpdateCreditEndDate = z.input<typeof ZUpdateCreditEndDate>;

/** POST /v1/contracts/amend: terms added from `starting_at`. */
export const ZAmendContract = z
  .object({
    customer_id: ZId,
    contract_id: ZId,
    starting_at: ZHourInstant,
    custom_fields: ZCustomFields.optional(),
    overrides: termsShape.overrides,
    commits: termsShape.commits,
    credits: termsShape.credits,
    scheduled_charges: termsShape.scheduled_charges,
    discounts: termsShape.discounts,
  })
  .strict();
export type TAmendContract = z.input<typeof ZAmendContract>;

export const ZContractRef = z.object({ customer_id: ZId, contract_id: ZId });
export type TContractRef = z.input<typeof ZContractRef>;

export const ZContractRateSchedule = z.object({
  customer_id: ZId,
  contract_id: ZId,
  at: ZInstant.optional(),
  selectors: z.array(ZRateSelector).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  next_page: z.string().max(500).optional(),
});
export type TContractRateSchedule = z.input<typeof ZContractRateSchedule>;
