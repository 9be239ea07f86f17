import type { Decimal } from "./decimal";

/**
 * Shared input and output shapes of the engine. They mirror Metronome's contract model in
 * camelCase, with `Decimal` for every quantity, price and amount and `Date` for every instant;
 * the API layer maps the snake_case wire format to and from these.
 */

/** A half-open range of time, [startingAt, endingBefore), in UTC. */
export interface Window {
  startingAt: Date;
  endingBefore: Date;
}

/** A unit money is counted in: fiat (USD cents) or a custom pricing unit. */
export interface CreditType {
  id: string;
  name: string;
  /** Decimal places an invoice line total is rounded to (0 for USD cents). */
  precision: number;
}

/** Group key → value; `null` when the event did not carry the key (its own group). */
export type GroupValues = Readonly<Record<string, string | null>>;

// ---------------------------------------------------------------------------------------------
// Usage: events, metrics, aggregated quantities
// ---------------------------------------------------------------------------------------------

export type AggregationType = "COUNT" | "SUM" | "MAX" | "UNIQUE" | "LATEST";

export interface PropertyFilter {
  name: string;
  /** true: the property must be present; false: it must be absent. */
  exists?: boolean;
  inValues?: readonly string[];
  notInValues?: readonly string[];
}

export interface BillableMetric {
  id: string;
  name: string;
  aggregationType: AggregationType;
  /** The property summed, maxed, counted distinct or read; unused by COUNT. */
  aggregationKey?: string;
  eventTypeFilter?: { inValues?: readonly string[]; notInValues?: readonly string[] };
  propertyFilters?: readonly PropertyFilter[];
  /** The sets of keys its usage is kept by (Metronome's group_keys); a usage filter's key must be in one. */
  groupKeys?: readonly (readonly string[])[];
}

export interface UsageEvent {
  transactionId: string;
  customerId: string;
  eventType: string;
  timestamp: Date;
  properties: Readonly<Record<string, unknown>>;
}

/**
 * The quantity of one product's metric for one group tuple over one window. A caller with
 * hourly rollups may send several records inside a planned window for additive metrics
 * (they are summed); non-additive metrics need exactly one record per planned window.
 */
export interface UsageRecord extends Window {
  productId: string;
  groupValues: GroupValues;
  quantity: Decimal;
}

// ---------------------------------------------------------------------------------------------
// Catalog: products and rate cards
// ---------------------------------------------------------------------------------------------

export type ProductType = "USAGE" | "SUBSCRIPTION" | "COMPOSITE" | "FIXED";

export interface QuantityConversion {
  conversionFactor: Decimal;
  operation: "MULTIPLY" | "DIVIDE";
}

export interface QuantityRounding {
  decimalPlaces: number;
  roundingMethod: "ROUND_UP" | "ROUND_DOWN" | "ROUND_HALF_UP";
}

export interface Product {
  id: string;
  name: string;
  type: ProductType;
  tags?: readonly string[];
  /** USAGE products: the metric that measures them. */
  billableMetricId?: string;
  /** Keys whose values select the rate (e.g. `model`). */
  pricingGroupKey?: readonly string[];
  /** Keys that only split line items for presentation. */
  presentationGroupKey?: readonly string[];
  quantityConversion?: QuantityConversion;
  quantityRounding?: QuantityRounding;
  /** COMPOSITE products: the spend they are a percentage of. */
  compositeProductIds?: readonly string[];
  compositeTags?: readonly string[];
}

/** `size` is absent on the last tier only; it is unbounded. */
export interface Tier {
  size?: Decimal;
  price: Decimal;
}

/** How a rate turns a quantity into an amount, in its credit type's unit. */
export type PriceSpec =
  | { rateType: "FLAT"; price: Decimal }
  | { rateType: "TIERED"; tiers: readonly Tier[] }
  | { rateType: "VOLUME"; tiers: readonly Tier[] }
  | {
      rateType: "PACKAGE";
      /** Price of one package. */
      price: Decimal;
      packageSize: Decimal;
      /** Partial packages: ROUND_UP (default) bills them whole, ROUND_DOWN drops them. */
      packageRounding?: "ROUND_UP" | "ROUND_DOWN";
    }
  | {
      rateType: "PERCENTAGE";
      /** A fraction: 0.1 is 10%. */
      price: Decimal;
      /** Per billing period. */
      minimum?: Decimal;
      maximum?: Decimal;
    }
  | { rateType: "SUBSCRIPTION"; price: Decimal };

export type RateType = PriceSpec["rateType"];

/** Units [from, to) of the period are charged `multiplier` × the rate (tiered overrides). */
export interface MultiplierBand {
  from: Decimal;
  /** Unbounded when absent. */
  to?: Decimal;
  multiplier: Decimal;
}

/** The price a contract actually pays for a product's pricing group at an instant. */
export interface EffectiveRate {
  spec: PriceSpec;
  creditType: CreditType;
  /** Multipliers by position in the period; absent means list price. */
  bands?: readonly MultiplierBand[];
}

export type BillingFrequency = "MONTHLY" | "QUARTERLY" | "ANNUAL";

export type Rate = PriceSpec & {
  productId: string;
  /** Inclusive. A price change is a new rate from a date; the latest one in force wins. */
  startingAt: Date;
  /** Exclusive; open-ended when absent. */
  endingBefore?: Date;
  /** Whether contracts on this rate card may use the product (overrides can change it). */
  entitled: boolean;
  /** Only usage whose pricing group values include all of these is priced by this rate. */
  pricingGroupValues?: Readonly<Record<string, string>>;
  /** SUBSCRIPTION rates: the cadence a subscription on this rate is billed at. */
  billingFrequency?: BillingFrequency;
  /** Defaults to the rate card's fiat credit type. */
  creditType?: CreditType;
};

export interface CreditTypeConversion {
  customCreditType: CreditType;
  fiatPerCustomCredit: Decimal;
}

export interface RateCard {
  id: string;
  name?: string;
  rates: readonly Rate[];
  /** The credit type invoices are issued in; USD cents when absent. */
  fiatCreditType?: CreditType;
  /** How spend in a custom pricing unit that no balance covers is billed in fiat. */
  creditTypeConversions?: readonly CreditTypeConversion[];
  /** Product ids in the order their charges are listed on invoices; unlisted products follow (ordering.ts). */
  productOrder?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Output: invoices and ledger entries
// ---------------------------------------------------------------------------------------------

export type LineItemType =
  | "USAGE"
  | "SUBSCRIPTION"
  | "SCHEDULED_CHARGE"
  | "COMMIT_PURCHASE"
  | "POSTPAID_TRUEUP"
  | "DISCOUNT"
  | "APPLIED_COMMIT_OR_CREDIT"
  | "CPU_CONVERSION"
  /** A contract's professional services term, invoiced on request (professional-services.ts). */
  | "PROFESSIONAL_SERVICE";

/** One slice of a tiered (or tier-overridden) charge: units from `startingAt` at `price`. */
export interface TierCharge {
  startingAt: Decimal;
  quantity: Decimal;
  price: Decimal;
}

/**
 * One invoice line. Its window is what it bills for; a point-in-time line (scheduled charge,
 * commit purchase, true-up) has startingAt = endingBefore = its date.
 */
export interface LineItem extends Window {
  type: LineItemType;
  name: string;
  creditType: CreditType;
  /** Rounded once to the credit type's precision; negative only on adjustment lines. */
  total: Decimal;
  productId?: string;
  quantity?: Decimal;
  /** FLAT, VOLUME, PACKAGE (per package), SUBSCRIPTION, PERCENTAGE (the fraction) prices. */
  unitPrice?: Decimal;
  tiers?: readonly TierCharge[];
  /** PACKAGE rates: packages billed on this line. */
  packages?: Decimal;
  pricingGroupValues?: GroupValues;
  presentationGroupValues?: GroupValues;
  subscriptionId?: string;
  isProrated?: boolean;
  scheduledChargeId?: string;
  discountId?: string;
  /** Commit purchases, true-ups and commit/credit applications. */
  commitId?: string;
  segmentId?: string;
  commitType?: "PREPAID" | "POSTPAID" | "CREDIT";
  professionalServiceId?: string;
  /** For the client's use, kept as given (professional service lines). */
  metadata?: string;
  /** On a parent's invoice: the child contract whose charge this is (hierarchy.ts). */
  origin?: LineOrigin;
}

/** The child contract, customer and invoice a consolidated line was copied from (hierarchy.ts). */
export interface LineOrigin {
  customerId: string;
  contractId: string;
  invoiceId: string;
}

export type LedgerEntryType = "INVOICE_DEDUCTION" | "MANUAL" | "ROLLOVER" | "TRUEUP";

/** A movement on one commit or credit segment; negative amounts consume the balance. */
export interface LedgerEntry {
  commitId: string;
  segmentId: string;
  type: LedgerEntryType;
  amount: Decimal;
  timestamp: Date;
  invoiceId?: string;
  reason?: string;
}

export type UnbilledReason = "NOT_ENTITLED" | "NO_RATE";

/** Usage the engine received but did not bill, so a caller can surface it instead of losing it. */
export interface UnbilledUsage extends Window {
  productId: string;
  groupValues: GroupValues;
  quantity: Decimal;
  reason: UnbilledReason;
}

export interface Invoice extends Window {
  contractId: string;
  creditType: CreditType;
  lines: readonly LineItem[];
  /** Charge lines in the invoice's credit type, before discounts and applied balances. */
  subtotal: Decimal;
  /** All lines in the invoice's credit type; never negative. */
  total: Decimal;
  /** What this invoice draws from commits and credits, to persist when it is finalized. */
  ledgerEntries: readonly LedgerEntry[];
  unbilledUsage: readonly UnbilledUsage[];
}
