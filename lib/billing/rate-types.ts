import { Decimal, max, min, ZERO } from "./decimal";
import { BillingInputError } from "./errors";
import type { LineItem, MultiplierBand, PriceSpec, TierCharge, Tier } from "./types";

/**
 * The pricing functions. Usage is priced by *position in the billing period*: a window holding
 * units [from, to) of a group's period quantity is charged for exactly those units. Graduated
 * tiers, packages and tiered overrides therefore count from the start of the period, however
 * many windows (rate changes, expiring commits) the period is cut into; a volume tier is chosen
 * by the period total.
 */

export interface RangeCharge {
  amount: Decimal;
  unitPrice?: Decimal;
  tiers?: TierCharge[];
  packages?: Decimal;
}

interface Piece {
  from: Decimal;
  to: Decimal;
  /** Absent means list price, and saves a multiplication on the hot path. */
  multiplier?: Decimal;
}

function pieces(from: Decimal, to: Decimal, bands: readonly MultiplierBand[] | undefined): Piece[] {
  if (bands === undefined) return [{ from, to }];
  const result: Piece[] = [];
  for (const band of bands) {
    const a = max(from, band.from);
    const b = band.to === undefined ? to : min(to, band.to);
    // An empty range still reports the multiplier in force at its position (for the unit price).
    const holdsEmptyRange = from.eq(to) && a.eq(b) && (band.to === undefined || a.lt(band.to));
    if (a.lt(b) || holdsEmptyRange) result.push({ from: a, to: b, multiplier: band.multiplier });
  }
  return result;
}

function scaled(price: Decimal, multiplier: Decimal | undefined): Decimal {
  return multiplier === undefined ? price : price.times(multiplier);
}

function validateTiers(tiers: readonly Tier[], what: string): void {
  if (tiers.length === 0) throw new BillingInputError(`${what}: tiers must not be empty`);
  tiers.forEach((tier, i) => {
    const isLast = i === tiers.length - 1;
    if (isLast && tier.size !== undefined) {
      throw new BillingInputError(`${what}: the last tier must have no size (it is unbounded)`);
    }
    if (!isLast && !(tier.size !== undefined && tier.size.gt(0))) {
      throw new BillingInputError(`${what}: every tier but the last needs a positive size`);
    }
    if (tier.price.lt(0)) throw new BillingInputError(`${what}: tier prices must not be negative`);
  });
}

export function validatePriceSpec(spec: PriceSpec, what: string): void {
  switch (spec.rateType) {
    case "TIERED":
    case "VOLUME":
      validateTiers(spec.tiers, what);
      return;
    case "PACKAGE":
      if (!spec.packageSize.gt(0)) throw new BillingInputError(`${what}: packageSize must be positive`);
      break;
    case "PERCENTAGE":
      if (spec.minimum !== undefined && spec.maximum !== undefined && spec.minimum.gt(spec.maximum)) {
        throw new BillingInputError(`${what}: minimum must not exceed maximum`);
      }
      break;
  }
  if (spec.price.lt(0)) throw new BillingInputError(`${what}: price must not be negative`);
}

interface TierBounds {
  lower: Decimal;
  upper?: Decimal;
  price: Decimal;
}

const boundsByTiers = new WeakMap<readonly Tier[], readonly TierBounds[]>();

/** Each tier's [lower, upper) in units (upper absent on the last), memoized per tier list. */
function tierBounds(tiers: readonly Tier[]): readonly TierBounds[] {
  let bounds = boundsByTiers.get(tiers);
  if (bounds === undefined) {
    let lower = ZERO;
    bounds = tiers.map((tier) => {
      const tierBounds = { lower, upper: tier.size === undefined ? undefined : lower.plus(tier.size), price: tier.price };
      lower = tierBounds.upper ?? lower;
      return tierBounds;
    });
    boundsByTiers.set(tiers, bounds);
  }
  return bounds;
}

/** The tier a volume quantity falls into; a tier's upper bound belongs to it. */
function volumeTier(tiers: readonly Tier[], total: Decimal): { lower: Decimal; price: Decimal } {
  const bounds = tierBounds(tiers);
  return bounds.find((tier) => tier.upper === undefined || total.lte(tier.upper))!;
}

function packagesFor(quantity: Decimal, packageSize: Decimal, rounding: "ROUND_UP" | "ROUND_DOWN"): Decimal {
  const packages = quantity.div(packageSize);
  return rounding === "ROUND_UP" ? packages.ceil() : packages.floor();
}

/** FLAT-like pricing of units [from, to) at one price: usage, seats, or spend for PERCENTAGE. */
function linearCharge(price: Decimal, parts: Piece[], tierLower?: Decimal): RangeCharge {
  let amount = ZERO;
  for (const part of parts) amount = amount.plus(part.to.minus(part.from).times(scaled(price, part.multiplier)));
  if (parts.length === 1 && tierLower === undefined) {
    return { amount, unitPrice: scaled(price, parts[0]!.multiplier) };
  }
  const tiers = parts.map((part) => ({
    startingAt: tierLower ?? part.from,
    quantity: part.to.minus(part.from),
    price: scaled(price, part.multiplier),
  }));
  return parts.length === 1 ? { amount, unitPrice: tiers[0]!.price, tiers } : { amount, tiers };
}

/**
 * The charge for `quantity` units starting at position `from` of a period whose total is
 * `periodTotal`, under a usage rate (FLAT, TIERED, VOLUME, PACKAGE) and optional multiplier
 * bands; also prices seats (SUBSCRIPTION) and spend (PERCENTAGE) linearly.
 */
export function chargeForRange(
  spec: PriceSpec,
  from: Decimal,
  quantity: Decimal,
  periodTotal: Decimal,
  bands?: readonly MultiplierBand[],
): RangeCharge {
  const linear = spec.rateType === "FLAT" || spec.rateType === "SUBSCRIPTION" || spec.rateType === "PERCENTAGE";
  // The hot path: one multiplication for a flat price with no tiered override.
  if (linear && bands === undefined) return { amount: quantity.times(spec.price), unitPrice: spec.price };
  const parts = pieces(from, from.plus(quantity), bands);
  switch (spec.rateType) {
    case "FLAT":
    case "SUBSCRIPTION":
    case "PERCENTAGE":
      return linearCharge(spec.price, parts);
    case "VOLUME": {
      const tier = volumeTier(spec.tiers, periodTotal);
      return linearCharge(tier.price, parts, tier.lower);
    }
    case "TIERED": {
      let amount = ZERO;
      const tiers: TierCharge[] = [];
      for (const part of parts) {
        for (const tier of tierBounds(spec.tiers)) {
          if (tier.upper !== undefined && tier.upper.lte(part.from)) continue;
          if (!tier.lower.lt(part.to)) break;
          const a = max(part.from, tier.lower);
          const b = tier.upper === undefined ? part.to : min(part.to, tier.upper);
          const price = scaled(tier.price, part.multiplier);
          amount = amount.plus(b.minus(a).times(price));
          tiers.push({ startingAt: a, quantity: b.minus(a), price });
        }
      }
      return { amount, tiers };
    }
    case "PACKAGE": {
      const rounding = spec.packageRounding ?? "ROUND_UP";
      let amount = ZERO;
      let packages = ZERO;
      for (const part of parts) {
        const count = packagesFor(part.to, spec.packageSize, rounding).minus(
          packagesFor(part.from, spec.packageSize, rounding),
        );
        packages = packages.plus(count);
        amount = amount.plus(count.times(scaled(spec.price, part.multiplier)));
      }
      return parts.length === 1
        ? { amount, packages, unitPrice: scaled(spec.price, parts[0]!.multiplier) }
        : { amount, packages };
    }
  }
}

/** Copies the parts of a charge an invoice line shows (where the rate has them) onto the line. */
export function withPriceDetails<T extends Pick<LineItem, "unitPrice" | "tiers" | "packages">>(line: T, charge: RangeCharge): T {
  if (charge.unitPrice !== undefined) line.unitPrice = charge.unitPrice;
  if (charge.tiers !== undefined) line.tiers = charge.tiers;
  if (charge.packages !== undefined) line.packages = charge.packages;
  return line;
}

/** A PERCENTAGE rate: a fraction of `base` spend, held between its per-period minimum and maximum. */
export function percentageCharge(
  spec: Extract<PriceSpec, { rateType: "PERCENTAGE" }>,
  base: Decimal,
  bands?: readonly MultiplierBand[],
): RangeCharge {
  const charge = chargeForRange(spec, ZERO, base, base, bands);
  let amount = charge.amount;
  if (spec.minimum !== undefined) amount = max(amount, spec.minimum);
  if (spec.maximum !== undefined) amount = min(amount, spec.maximum);
  return { ...charge, amount };
}
