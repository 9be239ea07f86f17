import { assertHourAligned, assertValidWindow } from "./calendar";
import type { Decimal } from "./decimal";
import { BillingInputError } from "./errors";
import { isAtPrecision } from "./money";
import type { BillingCycleTerms } from "./periods";
import { validatePriceSpec } from "./rate-types";
import { productOf, type RateCardIndex } from "./rate-schedule";
import { includesGroupValues } from "./groups";
import type { BillingFrequency, CreditType, GroupValues, PriceSpec, Product } from "./types";
import { validateUsageFilters, type UsageFilter } from "./usage-filters";

/**
 * A customer's contract: which rate card it prices from, and every term layered on top of it.
 * Field names follow Metronome's contract API (camelCase, Decimal amounts, Date instants).
 */

/**
 * Metronome's specifier (CommitSpecifierInput, OverrideSpecifier): a usage line matches it when
 * it has every key the specifier gives — the product, all of the tags, each pricing and each
 * presentation group value. A specifier that gives nothing matches every line.
 */
export interface Specifier {
  productId?: string;
  productTags?: readonly string[];
  pricingGroupValues?: Readonly<Record<string, string>>;
  presentationGroupValues?: Readonly<Record<string, string>>;
}

/** What a specifier is matched against: one charge's product and the group values of its line. */
export interface LineScope {
  product: Product;
  pricingGroupValues?: GroupValues;
  presentationGroupValues?: GroupValues;
}

/** Whether the specifier's product and tags admit the product (its group values aside). */
export function specifierAdmitsProduct(specifier: Specifier, product: Product): boolean {
  if (specifier.productId !== undefined && specifier.productId !== product.id) return false;
  return (specifier.productTags ?? []).every((tag) => product.tags?.includes(tag) ?? false);
}

export function specifierMatches(specifier: Specifier, line: LineScope): boolean {
  return (
    specifierAdmitsProduct(specifier, line.product) &&
    includesGroupValues(line.pricingGroupValues ?? {}, specifier.pricingGroupValues) &&
    includesGroupValues(line.presentationGroupValues ?? {}, specifier.presentationGroupValues)
  );
}

/**
 * Which usage a commit, credit or discount applies to: the lines any of its `specifiers` match,
 * or, without specifiers, the products in `applicableProductIds` or carrying one of
 * `applicableProductTags`; none of them means all usage. (Metronome takes specifiers or the
 * applicable lists, never both; the API refuses both.)
 */
export interface ProductScope {
  applicableProductIds?: readonly string[];
  applicableProductTags?: readonly string[];
  specifiers?: readonly Specifier[];
}

/** Whether the scope can apply to some line of the product (every line, without specifiers). */
export function appliesToProduct(scope: ProductScope, product: Product): boolean {
  if (scope.specifiers?.length) return scope.specifiers.some((specifier) => specifierAdmitsProduct(specifier, product));
  const ids = scope.applicableProductIds ?? [];
  const tags = scope.applicableProductTags ?? [];
  if (ids.length === 0 && tags.length === 0) return true;
  return ids.includes(product.id) || tags.some((tag) => product.tags?.includes(tag) ?? false);
}

/** Whether the scope applies to this line. */
export function appliesToLine(scope: ProductScope, line: LineScope): boolean {
  if (scope.specifiers?.length) return scope.specifiers.some((specifier) => specifierMatches(specifier, line));
  return appliesToProduct(scope, line.product);
}

export type OverridePrioritization = "LOWEST_MULTIPLIER" | "EXPLICIT";

export interface OverrideTier {
  size?: Decimal;
  multiplier: Decimal;
}

interface OverrideTerms {
  id: string;
  startingAt: Date;
  endingBefore?: Date;
  /** Target: a product, or any product carrying one of the tags. */
  productId?: string;
  applicableProductTags?: readonly string[];
  /** Narrows the target to usage carrying these pricing group values. */
  pricingGroupValues?: Readonly<Record<string, string>>;
  /**
   * Metronome's override_specifiers: the override applies to the lines any of them matches.
   * When given, they are the whole target (productId, applicableProductTags and
   * pricingGroupValues are not consulted).
   */
  specifiers?: readonly Specifier[];
  entitled?: boolean;
  /** Lower applies first. Required for EXPLICIT prioritization and TIERED overrides. */
  priority?: number;
}

export type Override = OverrideTerms &
  (
    | { type: "MULTIPLIER"; multiplier: Decimal }
    | { type: "OVERWRITE"; overwriteRate: PriceSpec & { creditType?: CreditType } }
    /** Multipliers for ranges of the period's quantity, e.g. ×0.9 on the first 5 units. */
    | { type: "TIERED"; tiers: readonly OverrideTier[] }
    /** Only changes entitlement. */
    | { type?: undefined }
  );

export interface AccessScheduleItem {
  id: string;
  amount: Decimal;
  startingAt: Date;
  endingBefore: Date;
}

/** Balance segments: amounts usable in their own date range. */
export interface AccessSchedule {
  creditType?: CreditType;
  scheduleItems: readonly AccessScheduleItem[];
}

export interface ChargeScheduleItem {
  timestamp: Date;
  /** Either an amount, or quantity × unitPrice. */
  amount?: Decimal;
  quantity?: Decimal;
  unitPrice?: Decimal;
}

export type ScheduleFrequency = "MONTHLY" | "QUARTERLY" | "SEMI_ANNUAL" | "ANNUAL";

export interface RecurringSchedule {
  startingAt: Date;
  endingBefore: Date;
  frequency: ScheduleFrequency;
  /** EACH: every charge is the amount; DIVIDED: the amount is split evenly; DIVIDED_ROUNDED: split, rounded, remainder on the last. */
  amountDistribution: "DIVIDED" | "DIVIDED_ROUNDED" | "EACH";
  amount?: Decimal;
  quantity?: Decimal;
  unitPrice?: Decimal;
}

/** Amounts due on dates: scheduled charges and commit invoice schedules. */
export interface ChargeSchedule {
  creditType?: CreditType;
  doNotInvoice?: boolean;
  scheduleItems?: readonly ChargeScheduleItem[];
  recurringSchedule?: RecurringSchedule;
}

export interface Commit extends ProductScope {
  id: string;
  /** PREPAID: bought up front, drawn by usage. POSTPAID: a minimum spend, trued up at its end. */
  type: "PREPAID" | "POSTPAID";
  /** The FIXED product its purchase and true-up lines are billed under. */
  productId: string;
  name?: string;
  accessSchedule: AccessSchedule;
  /** PREPAID: when the purchase is invoiced. */
  invoiceSchedule?: ChargeSchedule;
  /** Lower draws first. */
  priority?: number;
  /** Fraction of the remaining balance carried into a renewal. */
  rolloverFraction?: Decimal;
  rolledOverFrom?: { commitId: string; contractId: string };
  /** Bought on a THRESHOLD invoice (threshold-billing.ts): draws after every other balance. */
  thresholdBilling?: boolean;
}

export interface Credit extends ProductScope {
  id: string;
  productId: string;
  name?: string;
  accessSchedule: AccessSchedule;
  priority?: number;
  rolloverFraction?: Decimal;
}

export interface QuantityScheduleItem {
  quantity: Decimal;
  startingAt: Date;
}

export interface Subscription {
  id: string;
  /** The SUBSCRIPTION product; its rate is the one with the same billing frequency. */
  productId: string;
  name?: string;
  billingFrequency: BillingFrequency;
  collectionSchedule: "ADVANCE" | "ARREARS";
  proration: { isProrated: boolean };
  /** Each quantity holds from its `startingAt` until the next item's. */
  quantitySchedule: readonly QuantityScheduleItem[];
  /** Default to the contract's. */
  startingAt?: Date;
  endingBefore?: Date;
  /** Defaults to the contract's billing anchor, so subscription and usage periods line up. */
  billingCycleAnchor?: Date;
}

/** A fixed amount on a date, one-off or recurring. A negative amount is a discount. */
export interface ScheduledCharge {
  id: string;
  productId: string;
  name?: string;
  schedule: ChargeSchedule;
}

/** A percentage off the charges of some products for a date range. */
export interface PercentageDiscount extends ProductScope {
  id: string;
  name: string;
  /** 0.2 takes 20% off. */
  fraction: Decimal;
  startingAt: Date;
  endingBefore?: Date;
}

export interface Contract extends BillingCycleTerms {
  id: string;
  rateCardId?: string;
  /** Defaults to LOWEST_MULTIPLIER. */
  multiplierOverridePrioritization?: OverridePrioritization;
  overrides?: readonly Override[];
  commits?: readonly Commit[];
  credits?: readonly Credit[];
  subscriptions?: readonly Subscription[];
  scheduledCharges?: readonly ScheduledCharge[];
  percentageDiscounts?: readonly PercentageDiscount[];
  /** Which of the customer's usage is this contract's, over time, in `startingAt` order (usage-filters.ts); none: all of it. */
  usageFilters?: readonly UsageFilter[];
  /** Metronome's scheduled_charges_on_usage_invoices: ALL (scheduled-invoices.ts, onUsageInvoice). */
  scheduledChargesOnUsageInvoices?: boolean;
}

function validateRange(range: { startingAt: Date; endingBefore?: Date }, what: string): void {
  assertHourAligned(range.startingAt, `${what} startingAt`);
  if (range.endingBefore !== undefined) {
    assertHourAligned(range.endingBefore, `${what} endingBefore`);
    assertValidWindow({ startingAt: range.startingAt, endingBefore: range.endingBefore }, what);
  }
}

function validateFraction(fraction: Decimal | undefined, what: string): void {
  if (fraction !== undefined && (fraction.lt(0) || fraction.gt(1))) {
    throw new BillingInputError(`${what} must be between 0 and 1`);
  }
}

/** Unlike rate tiers, the last override tier may be sized: past it the next override or the list rate applies. */
function validateOverrideTiers(tiers: readonly OverrideTier[], what: string): void {
  if (tiers.length === 0) throw new BillingInputError(`${what}: tiers must not be empty`);
  tiers.forEach((tier, i) => {
    if (tier.size === undefined ? i < tiers.length - 1 : !tier.size.gt(0)) {
      throw new BillingInputError(`${what}: every tier but the last needs a positive size`);
    }
    if (tier.multiplier.lt(0)) throw new BillingInputError(`${what}: multipliers must not be negative`);
  });
}

function validateOverride(override: Override, prioritization: OverridePrioritization): void {
  const what = `override ${override.id}`;
  validateRange(override, what);
  if (override.specifiers !== undefined) {
    if (override.specifiers.length === 0) throw new BillingInputError(`${what}: specifiers must not be empty`);
  } else if (override.productId === undefined && (override.applicableProductTags ?? []).length === 0) {
    throw new BillingInputError(`${what}: needs a productId, applicableProductTags or specifiers`);
  }
  if (override.type === "MULTIPLIER" && override.multiplier.lt(0)) {
    throw new BillingInputError(`${what}: multiplier must not be negative`);
  }
  if (override.type === "OVERWRITE") validatePriceSpec(override.overwriteRate, what);
  if (override.type === "TIERED") {
    validateOverrideTiers(override.tiers, what);
    if (prioritization !== "EXPLICIT") {
      throw new BillingInputError(`${what}: TIERED overrides need EXPLICIT override prioritization`);
    }
  }
  if (
    prioritization === "EXPLICIT" &&
    (override.type === "MULTIPLIER" || override.type === "TIERED") &&
    override.priority === undefined
  ) {
    throw new BillingInputError(`${what}: EXPLICIT prioritization needs a priority on every multiplier`);
  }
}

function validateAccessSchedule(owner: Commit | Credit, fiat: CreditType): void {
  const creditType = owner.accessSchedule.creditType ?? fiat;
  for (const item of owner.accessSchedule.scheduleItems) {
    const what = `commit/credit ${owner.id} segment ${item.id}`;
    validateRange(item, what);
    if (item.amount.lt(0) || !isAtPrecision(item.amount, creditType)) {
      throw new BillingInputError(
        `${what}: amount must be ≥ 0 with at most ${creditType.precision} decimal places of ${creditType.name}`,
      );
    }
  }
  validateFraction(owner.rolloverFraction, `commit/credit ${owner.id} rolloverFraction`);
}

/**
 * Refuses a contract the engine could not bill exactly: instants off the hour, malformed
 * overrides, balances finer than their credit type, unknown products, usage filters it could
 * not apply.
 */
export function validateContract(contract: Contract, index: RateCardIndex): void {
  validateRange(contract, `contract ${contract.id}`);
  const prioritization = contract.multiplierOverridePrioritization ?? "LOWEST_MULTIPLIER";
  for (const override of contract.overrides ?? []) validateOverride(override, prioritization);
  for (const owner of [...(contract.commits ?? []), ...(contract.credits ?? [])]) {
    productOf(index, owner.productId);
    validateAccessSchedule(owner, index.fiatCreditType);
  }
  for (const subscription of contract.subscriptions ?? []) {
    productOf(index, subscription.productId);
    if (subscription.quantitySchedule.some((item) => item.quantity.lt(0))) {
      throw new BillingInputError(`subscription ${subscription.id}: quantities must not be negative`);
    }
  }
  for (const charge of contract.scheduledCharges ?? []) productOf(index, charge.productId);
  for (const discount of contract.percentageDiscounts ?? []) {
    validateRange(discount, `discount ${discount.id}`);
    validateFraction(discount.fraction, `discount ${discount.id} fraction`);
  }
  validateUsageFilters(contract.usageFilters, contract, index);
}
