import { z } from "zod";
import type { Decimal } from "@/lib/billing/decimal";
import type { BillingFrequency, PriceSpec, Tier } from "@/lib/billing/types";
import { ZPageParams, ZSortOrder } from "@/lib/services/pagination";
import { ZCustomFields, ZFlag, ZId } from "@/lib/services/zod-fields";
import { ZDecimal, ZHourInstant, ZInstant } from "@/lib/services/zod-pricing";

// Rate cards and rates in Metronome's body shapes (RateCardCreateParams, RateAddParams,
// RateListParams … in @metronome/sdk). Rate types beyond Metronome's are Rateline extensions:
// VOLUME (one tier's price for every unit, chosen by the period total) and PACKAGE (a price per
// `package_size` units, partial packages rounded by `package_rounding`); PERCENTAGE rates also
// take an optional per-period `minimum` and `maximum`.

// ───────────────────────────── Rate cards ─────────────────────────────

const ZName = z.string("Enter a name").trim().min(1, "Enter a name").max(200, "At most 200 characters");
const ZDescription = z.string().trim().max(2000, "At most 2,000 characters");

const ZConversions = z
  .array(
    z.object({
      custom_credit_type_id: ZId,
      fiat_per_custom_credit: ZDecimal.refine((d) => d.gt(0), "Must be greater than 0"),
    }),
  )
  .max(100, "At most 100 conversions")
  .refine((list) => new Set(list.map((c) => c.custom_credit_type_id)).size === list.length, "Each pricing unit may be converted only once")
  .transform((list) => list.map((c) => ({ customCreditTypeId: c.custom_credit_type_id, fiatPerCustomCredit: c.fiat_per_custom_credit })));
export type CreditTypeConversionInput = z.output<typeof ZConversions>[number];

const ZAliases = z
  .array(
    z
      .object({ name: ZName, starting_at: ZInstant.optional(), ending_before: ZInstant.optional() })
      .refine((a) => !a.starting_at || !a.ending_before || a.starting_at < a.ending_before, { message: "Must be after starting_at", path: ["ending_before"] }),
  )
  .max(100, "At most 100 aliases")
  .transform((list) => list.map((a) => ({ name: a.name, startingAt: a.starting_at ?? null, endingBefore: a.ending_before ?? null })))
  .superRefine((list, ctx) => {
    // One name may be scheduled several times, but one rate card cannot hold it twice at once.
    list.forEach((a, i) => {
      const clash = list.findIndex((b, j) => j < i && b.name === a.name && (b.endingBefore ?? Infinity) > (a.startingAt ?? -Infinity) && (a.endingBefore ?? Infinity) > (b.startingAt ?? -Infinity));
      if (clash >= 0) ctx.addIssue({ code: "custom", path: [i, "name"], message: `“${a.name}” is already given for an overlapping time` });
    });
  });
export type AliasInput = z.output<typeof ZAliases>[number];

export const ZCreateRateCard = z.object({
  name: ZName,
  description: ZDescription.optional(),
  fiat_credit_type_id: ZId.optional(),
  credit_type_conversions: ZConversions.optional(),
  aliases: ZAliases.optional(),
  custom_fields: ZCustomFields.optional(),
});
export type TCreateRateCard = z.input<typeof ZCreateRateCard>;

export const ZUpdateRateCard = z.object({
  rate_card_id: ZId,
  name: ZName.optional(),
  description: ZDescription.optional(),
  /** Replaces the card's aliases. */
  aliases: ZAliases.optional(),
  /** Adds conversions; existing ones cannot be changed (as in Metronome). */
  add_credit_type_conversions: ZConversions.optional(),
});
export type TUpdateRateCard = z.input<typeof ZUpdateRateCard>;

// Any text: an id that is not a UUID names no rate card, which is a 404 like an unknown one.
export const ZGetRateCard = z.object({ id: z.string("Give the rate card's id") });
export type TGetRateCard = z.input<typeof ZGetRateCard>;

export const ZArchiveRateCard = z.object({ id: ZId });
export type TArchiveRateCard = z.input<typeof ZArchiveRateCard>;

export const ZListRateCards = ZPageParams.extend({
  // Extensions for the console: archived cards, search, sorting.
  include_archived: ZFlag.optional(),
  search: z.string().trim().max(200).optional(),
  sort: z.enum(["created_at", "name"]).default("created_at"),
  order: ZSortOrder.default("asc"),
});
export type TListRateCards = z.input<typeof ZListRateCards>;

/** Console only (Metronome has no such endpoint): a new card with a copy of every rate. */
export const ZDuplicateRateCard = z.object({ rate_card_id: ZId, name: ZName, description: ZDescription.optional() });
export type TDuplicateRateCard = z.input<typeof ZDuplicateRateCard>;

// ───────────────────────────── Rates ─────────────────────────────

export const RATE_TYPES = ["FLAT", "TIERED", "VOLUME", "PACKAGE", "PERCENTAGE", "SUBSCRIPTION"] as const satisfies readonly PriceSpec["rateType"][];
export const BILLING_FREQUENCIES = ["MONTHLY", "QUARTERLY", "ANNUAL"] as const satisfies readonly BillingFrequency[];

const ZRateType = z.enum(RATE_TYPES, {
  error: (issue) =>
    issue.input === "CUSTOM" || issue.input === "TIERED_PERCENTAGE"
      ? `${issue.input} rates are not supported`
      : "Choose FLAT, TIERED, VOLUME, PACKAGE, PERCENTAGE or SUBSCRIPTION",
});

const ZBillingFrequency = z.enum(BILLING_FREQUENCIES, {
  error: (issue) => (issue.input === "WEEKLY" ? "WEEKLY billing is not supported" : "Choose MONTHLY, QUARTERLY or ANNUAL"),
});

const ZTiers = z
  .array(z.object({ size: ZDecimal.nullish(), price: ZDecimal }))
  .min(1, "Give at least one tier")
  .max(100, "At most 100 tiers")
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last && tier.size != null) ctx.addIssue({ code: "custom", path: [i, "size"], message: "The last tier has no size: it covers everything above" });
      if (!last && tier.size == null) ctx.addIssue({ code: "custom", path: [i, "size"], message: "Every tier but the last needs a size" });
      if (!last && tier.size != null && !tier.size.gt(0)) ctx.addIssue({ code: "custom", path: [i, "size"], message: "Must be greater than 0" });
      if (tier.price.lt(0)) ctx.addIssue({ code: "custom", path: [i, "price"], message: "Must not be negative" });
    });
  })
  .transform((tiers): Tier[] => tiers.map((t) => (t.size != null ? { size: t.size, price: t.price } : { price: t.price })));

const ZCommitRate = z
  .object({ rate_type: z.enum(["FLAT", "TIERED"], "Commit rates may be FLAT or TIERED"), price: ZDecimal.optional(), tiers: ZTiers.optional() })
  .superRefine((c, ctx) => {
    if (c.rate_type === "FLAT" && !c.price) ctx.addIssue({ code: "custom", path: ["price"], message: "A FLAT commit rate needs a price" });
    if (c.price?.lt(0)) ctx.addIssue({ code: "custom", path: ["price"], message: "Must not be negative" });
    if (c.rate_type === "TIERED" && !c.tiers) ctx.addIssue({ code: "custom", path: ["tiers"], message: "A TIERED commit rate needs tiers" });
  })
  .transform((c): CommitRateInput => (c.rate_type === "FLAT" ? { rateType: "FLAT", price: c.price! } : { rateType: "TIERED", tiers: c.tiers! }));
export type CommitRateInput = { rateType: "FLAT"; price: Decimal } | { rateType: "TIERED"; tiers: Tier[] };

const ZGroupValues = z
  .record(z.string().min(1, "A pricing group key must not be empty").max(200), z.string("Each value must be text").max(256))
  .refine((values) => Object.keys(values).length <= 20, "At most 20 pricing group values");

const rateShape = {
  product_id: ZId,
  entitled: ZFlag,
  rate_type: ZRateType,
  starting_at: ZHourInstant,
  ending_before: ZHourInstant.nullish(),
  credit_type_id: ZId.nullish(),
  price: ZDecimal.nullish(),
  tiers: ZTiers.nullish(),
  package_size: ZDecimal.nullish(),
  package_rounding: z.enum(["ROUND_UP", "ROUND_DOWN"], "Choose ROUND_UP or ROUND_DOWN").nullish(),
  minimum: ZDecimal.nullish(),
  maximum: ZDecimal.nullish(),
  quantity: ZDecimal.nullish(),
  is_prorated: ZFlag.nullish(),
  billing_frequency: ZBillingFrequency.nullish(),
  pricing_group_values: ZGroupValues.nullish(),
  commit_rate: ZCommitRate.nullish(),
  custom_rate: z.never({ error: "CUSTOM rates are not supported" }).optional(),
};
type RateFields = z.infer<z.ZodObject<typeof rateShape>>;

/** A rate to add, validated on its own; what it refers to is checked against the database. */
export type RateInput = {
  productId: string;
  entitled: boolean;
  startingAt: Date;
  endingBefore: Date | null;
  creditTypeId: string | null;
  spec: PriceSpec;
  quantity: Decimal | null;
  isProrated: boolean | null;
  billingFrequency: BillingFrequency | null;
  pricingGroupValues: Record<string, string> | null;
  commitRate: CommitRateInput | null;
};

// Which fields each rate type takes; the rest must be left out, so a mistyped rate is refused
// rather than half-read.
const RATE_FIELDS: Record<RateInput["spec"]["rateType"], readonly (keyof RateFields)[]> = {
  FLAT: ["price"],
  TIERED: ["tiers"],
  VOLUME: ["tiers"],
  PACKAGE: ["price", "package_size", "package_rounding"],
  PERCENTAGE: ["price", "minimum", "maximum"],
  SUBSCRIPTION: ["price", "quantity", "is_prorated"],
};
const PRICING_FIELDS = ["price", "tiers", "package_size", "package_rounding", "minimum", "maximum", "quantity", "is_prorated"] as const;

function toRateInput(r: RateFields, ctx: z.RefinementCtx): RateInput {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  const allowed = RATE_FIELDS[r.rate_type];
  for (const field of PRICING_FIELDS) {
    if (r[field] != null && !allowed.includes(field)) issue(field, `A ${r.rate_type} rate does not take ${field}`);
  }
  if (r.ending_before && r.ending_before <= r.starting_at) issue("ending_before", "Must be after starting_at");
  if (r.rate_type !== "TIERED" && r.rate_type !== "VOLUME") {
    if (r.price == null) issue("price", `A ${r.rate_type} rate needs a price`);
    else if (r.price.lt(0)) issue("price", "Must not be negative");
    else if (r.rate_type === "PERCENTAGE" && r.price.gt(1)) issue("price", "A PERCENTAGE rate's price is a fraction from 0 to 1 (0.1 is 10%)");
  } else if (r.tiers == null) issue("tiers", `A ${r.rate_type} rate needs tiers`);
  if (r.rate_type === "PACKAGE" && !(r.package_size?.gt(0) ?? false)) issue("package_size", "A PACKAGE rate needs a package_size greater than 0");
  if (r.minimum?.lt(0)) issue("minimum", "Must not be negative");
  if (r.maximum?.lt(0)) issue("maximum", "Must not be negative");
  if (r.minimum && r.maximum && r.minimum.gt(r.maximum)) issue("maximum", "Must not be less than minimum");
  if (r.quantity?.lt(0)) issue("quantity", "Must not be negative");
  if (r.rate_type === "SUBSCRIPTION" && !r.billing_frequency) issue("billing_frequency", "A SUBSCRIPTION rate needs a billing_frequency");

  const price = r.price!;
  const spec: PriceSpec = (() => {
    switch (r.rate_type) {
      case "TIERED":
      case "VOLUME":
        return { rateType: r.rate_type, tiers: r.tiers ?? [] };
      case "PACKAGE":
        return { rateType: "PACKAGE", price, packageSize: r.package_size!, packageRounding: r.package_rounding ?? "ROUND_UP" };
      case "PERCENTAGE":
        return { rateType: "PERCENTAGE", price, ...(r.minimum ? { minimum: r.minimum } : {}), ...(r.maximum ? { maximum: r.maximum } : {}) };
      default:
        return { rateType: r.rate_type, price };
    }
  })();
  const groupValues = r.pricing_group_values && Object.keys(r.pricing_group_values).length ? r.pricing_group_values : null;
  return {
    productId: r.product_id,
    entitled: r.entitled,
    startingAt: r.starting_at,
    endingBefore: r.ending_before ?? null,
    creditTypeId: r.credit_type_id ?? null,
    spec,
    quantity: r.quantity ?? null,
    isProrated: r.is_prorated ?? null,
    billingFrequency: r.billing_frequency ?? null,
    pricingGroupValues: groupValues,
    commitRate: r.commit_rate ?? null,
  };
}

const ZRate = z.object(rateShape).transform(toRateInput);

export const ZAddRate = z
  .object({ rate_card_id: ZId, ...rateShape })
  .transform(({ rate_card_id, ...rate }, ctx) => ({ rateCardId: rate_card_id, rate: toRateInput(rate, ctx) }));
export type TAddRate = z.input<typeof ZAddRate>;

export const ZAddRates = z.object({
  rate_card_id: ZId,
  rates: z.array(ZRate, "Must be a list of rates").min(1, "Give at least one rate").max(1000, "At most 1,000 rates per request"),
});
export type TAddRates = z.input<typeof ZAddRates>;

export const ZRateSelector = z.object({
  product_id: ZId.optional(),
  product_tags: z.array(z.string()).max(100).optional(),
  pricing_group_values: ZGroupValues.optional(),
  partial_pricing_group_values: ZGroupValues.optional(),
  billing_frequency: ZBillingFrequency.optional(),
});
export type RateSelector = z.output<typeof ZRateSelector>;

export const ZGetRates = ZPageParams.extend({
  rate_card_id: ZId,
  at: ZInstant,
  selectors: z.array(ZRateSelector).max(100, "At most 100 selectors").optional(),
});
export type TGetRates = z.input<typeof ZGetRates>;

export const ZGetRateSchedule = ZPageParams.extend({
  rate_card_id: ZId,
  starting_at: ZInstant,
  ending_before: ZInstant.optional(),
  selectors: z.array(ZRateSelector).max(100, "At most 100 selectors").optional(),
}).refine((b) => !b.ending_before || b.starting_at < b.ending_before, { message: "Must be after starting_at", path: ["ending_before"] });
export type TGetRateSchedule = z.input<typeof ZGetRateSchedule>;

/** Every rate of one product on a card, past and future: the console's price timeline. */
export const ZListProductRateHistory = z.object({ rate_card_id: ZId, product_id: ZId });
export type TListProductRateHistory = z.input<typeof ZListProductRateHistory>;

/** Console only: a rate for a limited time; the price it interrupts comes back at its end. */
export const ZAddPromotionalRate = ZAddRate.refine((input) => input.rate.endingBefore !== null, {
  message: "A promotional price needs an end (ending_before)",
  path: ["ending_before"],
});
export type TAddPromotionalRate = z.input<typeof ZAddPromotionalRate>;

// ───────────────────────────── Product order ─────────────────────────────
// ProductOrderUpdateParams (moveRateCardProducts) and ProductOrderSetParams (setRateCardProductsOrder).

/** A card's order names at most this many products (a request moves or lists at most as many). */
export const MAX_ORDERED_PRODUCTS = 10_000;

export const ZMoveRateCardProducts = z.object({
  rate_card_id: ZId,
  product_moves: z
    .array(z.object({ product_id: ZId, position: z.number("Must be a number").int("Must be a whole number").min(0, "Must be 0 or more") }))
    .min(1, "Give at least one move")
    .max(MAX_ORDERED_PRODUCTS, `At most ${MAX_ORDERED_PRODUCTS.toLocaleString("en-US")} moves`),
});
export type TMoveRateCardProducts = z.input<typeof ZMoveRateCardProducts>;

export const ZSetRateCardProductsOrder = z.object({
  rate_card_id: ZId,
  product_order: z
    .array(ZId)
    .min(1, "Give at least one product")
    .max(MAX_ORDERED_PRODUCTS, `At most ${MAX_ORDERED_PRODUCTS.toLocaleString("en-US")} products`)
    .superRefine((ids, ctx) => {
      ids.forEach((id, i) => {
        if (ids.indexOf(id) < i) ctx.addIssue({ code: "custom", path: [i], message: "This product is already listed" });
      });
    }),
});
export type TSetRateCardProductsOrder = z.input<typeof ZSetRateCardProductsOrder>;
