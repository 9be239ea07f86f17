import { z } from "zod";
import { ZPageParams } from "@/lib/services/pagination";
import { ZCustomFields, ZId } from "@/lib/services/zod-fields";
import { ZDecimal, ZInstant, ZNames } from "@/lib/services/zod-pricing";
import { balanceShape, recurringShape, upper, ZOverwriteRate, ZProrationRounding, ZSubscription, ZUnitAmount } from "@/lib/services/contracts/schemas";

// Packages (v1/packages.ts in @metronome/sdk): contract templates whose dates are offsets from
// the start of the contract created from them. A package's terms are a contract's terms
// (lib/services/contracts/schemas.ts) with every date replaced by an offset and every end by a
// duration; resolve-package.ts turns them back into an ordinary contract create input. What
// Rateline cannot honour (billing providers, thresholds, spend trackers, specifiers, seats) is
// refused by name (lib/http/sdk-fields.ts).

const UNITS = ["DAYS", "WEEKS", "MONTHS", "YEARS"] as const;
const unit = upper(UNITS, "Choose DAYS, WEEKS, MONTHS or YEARS");
const whole = (min: number, message: string) => z.number("Must be a number").int("Must be a whole number").min(min, message).max(1200);

/** A date as a distance from the contract's starting_at (0 is the start itself). */
export const ZOffset = z.object({ unit, value: whole(0, "Must be 0 or more") });
/** A length of time from an offset (its end is exclusive). */
export const ZDuration = z.object({ unit, value: whole(1, "Must be at least 1") });
export type Offset = z.output<typeof ZOffset>;

const ZAccessSchedule = z.object({
  credit_type_id: ZId.optional(),
  schedule_items: z.array(z.object({ amount: ZDecimal.refine((d) => d.gt(0), "Must be greater than 0"), starting_at_offset: ZOffset, duration: ZDuration })).min(1, "Give at least one schedule item").max(500),
});

const ZChargeSchedule = z.object({
  credit_type_id: ZId.optional(),
  schedule_items: z.array(z.object({ date_offset: ZOffset, quantity: ZDecimal, unit_price: ZDecimal })).min(1, "Give at least one schedule item").max(500),
  do_not_invoice: z.literal(false, "do_not_invoice: true is not supported yet").optional(),
});

const { access_schedule: _access, ...balanceFields } = balanceShape;
void _access;

export const ZPackageCommit = z.object({
  ...balanceFields,
  access_schedule: ZAccessSchedule,
  type: upper(["PREPAID", "POSTPAID"], "Choose PREPAID or POSTPAID"),
  invoice_schedule: ZChargeSchedule.optional(),
});

const { rollover_fraction: _rollover, ...creditFields } = balanceFields;
void _rollover;
export const ZPackageCredit = z.object({ ...creditFields, access_schedule: ZAccessSchedule });

export const ZPackageOverride = z.object({
  starting_at_offset: ZOffset,
  duration: ZDuration.optional(),
  override_specifiers: z
    .array(z.object({ product_id: ZId.optional(), product_tags: ZNames.optional(), pricing_group_values: z.record(z.string(), z.string()).optional() }))
    .min(1, "Name the product_id or product_tags the override applies to")
    .max(1, "One override specifier per override is supported"),
  type: upper(["MULTIPLIER", "OVERWRITE", "TIERED"], "Choose MULTIPLIER, OVERWRITE or TIERED").optional(),
  multiplier: ZDecimal.refine((d) => d.gte(0), "Must not be negative").optional(),
  overwrite_rate: ZOverwriteRate.optional(),
  tiers: z.array(z.object({ size: ZDecimal.nullish(), multiplier: ZDecimal })).max(100).optional(),
  priority: z.number("Must be a number").finite().optional(),
  entitled: z.boolean().optional(),
});

export const ZPackageScheduledCharge = z.object({ product_id: ZId, name: z.string().trim().max(200).optional(), schedule: ZChargeSchedule, custom_fields: ZCustomFields.optional() });

const { starting_at: _start, ending_before: _end, ...recurringFields } = recurringShape;
void _start;
void _end;
const recurringTiming = { starting_at_offset: ZOffset, duration: ZDuration.optional() };

export const ZPackageRecurringCommit = z.object({
  ...recurringFields,
  ...recurringTiming,
  invoice_amount: ZUnitAmount.optional(),
  proration_rounding: z.object({ access: ZProrationRounding.optional(), invoice: ZProrationRounding.optional() }).optional(),
});
export const ZPackageRecurringCredit = z.object({ ...recurringFields, ...recurringTiming, proration_rounding: z.object({ access: ZProrationRounding.optional() }).optional() });

/** A subscription from `starting_at_offset` (the contract's start when none) for `duration` (to the contract's end when none). */
export const ZPackageSubscription = ZSubscription.omit({ starting_at: true, ending_before: true, seat_config: true }).extend({ quantity_management_mode: z.literal("QUANTITY_ONLY").optional(), starting_at_offset: ZOffset.optional(), duration: ZDuration.optional() });

const ZAlias = z
  .object({ name: z.string().trim().min(1, "Give the alias a name").max(200), starting_at: ZInstant.optional(), ending_before: ZInstant.optional() })
  .refine((a) => !a.starting_at || !a.ending_before || a.starting_at < a.ending_before, { message: "Must be after starting_at", path: ["ending_before"] });

/** POST /v1/packages/create. */
export const ZCreatePackage = z
  .object({
    name: z.string("Name the package").trim().min(1, "Name the package").max(200),
    aliases: z.array(ZAlias).max(50).optional(),
    contract_name: z.string().trim().max(200).optional(),
    duration: ZDuration.optional(),
    rate_card_id: ZId.optional(),
    rate_card_alias: z.string().trim().min(1).max(200).optional(),
    net_payment_terms_days: z.number().int().min(0).max(365).optional(),
    multiplier_override_prioritization: upper(["LOWEST_MULTIPLIER", "EXPLICIT"], "Choose LOWEST_MULTIPLIER or EXPLICIT").optional(),
    uniqueness_key: z.string().trim().min(1).max(128).optional(),
    usage_statement_schedule: z
      .object({
        frequency: upper(["MONTHLY", "QUARTERLY", "ANNUAL"], "Choose MONTHLY, QUARTERLY or ANNUAL"),
        day: upper(["FIRST_OF_MONTH", "CONTRACT_START"], "Choose FIRST_OF_MONTH or CONTRACT_START").optional(),
      })
      .optional(),
    commits: z.array(ZPackageCommit).max(200).optional(),
    credits: z.array(ZPackageCredit).max(200).optional(),
    overrides: z.array(ZPackageOverride).max(500).optional(),
    scheduled_charges: z.array(ZPackageScheduledCharge).max(200).optional(),
    recurring_commits: z.array(ZPackageRecurringCommit).max(100).optional(),
    recurring_credits: z.array(ZPackageRecurringCredit).max(100).optional(),
    subscriptions: z.array(ZPackageSubscription).max(100).optional(),
  })
  .refine((p) => p.rate_card_id || p.rate_card_alias, { message: "Give the rate_card_id (or rate_card_alias) contracts from this package price from", path: ["rate_card_id"] });
export type TCreatePackage = z.input<typeof ZCreatePackage>;

export const ZPackageRef = z.object({ package_id: ZId });
export type TPackageRef = z.input<typeof ZPackageRef>;

/** POST /v1/packages/list. */
export const ZListPackages = ZPageParams.extend({ archive_filter: upper(["ARCHIVED", "NOT_ARCHIVED", "ALL"], "Choose ARCHIVED, NOT_ARCHIVED or ALL").default("NOT_ARCHIVED") });
export type TListPackages = z.input<typeof ZListPackages>;

/** POST /v1/packages/listContractsOnPackage. */
export const ZListContractsOnPackage = ZPageParams.extend({
  package_id: ZId,
  covering_date: ZInstant.optional(),
  starting_at: ZInstant.optional(),
  include_archived: z.boolean().optional(),
}).refine((q) => !(q.covering_date && q.starting_at), { message: "Give covering_date or starting_at, not both", path: ["starting_at"] });
export type TListContractsOnPackage = z.input<typeof ZListContractsOnPackage>;
