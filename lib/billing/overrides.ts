import { isActiveAt } from "./calendar";
import { specifierAdmitsProduct, specifierMatches, type Contract, type Override, type OverridePrioritization } from "./contract-terms";
import { Decimal, ONE, ZERO } from "./decimal";
import { includesGroupValues } from "./groups";
import { comparePriority, compareText } from "./ordering";
import { assertRateTypeFits, listPrice, type RateCardIndex } from "./rate-schedule";
import type { EffectiveRate, GroupValues, MultiplierBand, Product, Rate, UnbilledReason } from "./types";

/** The overrides that can ever touch a product (by id, one of its tags, or a specifier admitting it). */
export function overridesForProduct(contract: Contract, product: Product): Override[] {
  return (contract.overrides ?? []).filter((override) =>
    override.specifiers !== undefined
      ? override.specifiers.some((specifier) => specifierAdmitsProduct(specifier, product))
      : override.productId === product.id ||
        (override.applicableProductTags ?? []).some((tag) => product.tags?.includes(tag) ?? false),
  );
}

/** Whether an override of the product (`overridesForProduct`) applies to a line with these group values. */
function appliesToGroup(override: Override, product: Product, pricingGroupValues: GroupValues, presentationGroupValues: GroupValues | undefined): boolean {
  if (override.specifiers === undefined) return includesGroupValues(pricingGroupValues, override.pricingGroupValues);
  return override.specifiers.some((specifier) => specifierMatches(specifier, { product, pricingGroupValues, presentationGroupValues }));
}

const namesProduct = (override: Override): boolean =>
  override.productId !== undefined || (override.specifiers?.some((specifier) => specifier.productId !== undefined) ?? false);

/** Instants (epoch ms) where the overrides change what a product costs. */
export function overrideBoundaries(overrides: readonly Override[]): number[] {
  return overrides.flatMap((override) =>
    override.endingBefore === undefined
      ? [override.startingAt.getTime()]
      : [override.startingAt.getTime(), override.endingBefore.getTime()],
  );
}

/**
 * Precedence among overrides of the same kind: explicit priority (lower first, unset last),
 * then an override naming the product beats one matching a tag, then the most recent start,
 * then id for determinism.
 */
function precedence(a: Override, b: Override): number {
  return (
    comparePriority(a.priority, b.priority) ||
    (namesProduct(a) ? 0 : 1) - (namesProduct(b) ? 0 : 1) ||
    b.startingAt.getTime() - a.startingAt.getTime() ||
    compareText(a.id, b.id)
  );
}

/** Where an override multiplies, by position in the period: [from, to) at `multiplier`. */
function coverage(override: Extract<Override, { type: "MULTIPLIER" | "TIERED" }>): MultiplierBand[] {
  if (override.type === "MULTIPLIER") return [{ from: ZERO, multiplier: override.multiplier }];
  let from = ZERO;
  return override.tiers.map((tier) => {
    const band = { from, to: tier.size === undefined ? undefined : from.plus(tier.size), multiplier: tier.multiplier };
    from = band.to ?? from;
    return band;
  });
}

/**
 * EXPLICIT prioritization: each unit position takes the multiplier of the highest-priority
 * override covering it; a position no override covers is at list price.
 */
function explicitBands(ordered: readonly Extract<Override, { type: "MULTIPLIER" | "TIERED" }>[]): MultiplierBand[] {
  const coverages = ordered.map(coverage);
  const edges = [ZERO, ...coverages.flat().flatMap((band) => (band.to === undefined ? [band.from] : [band.from, band.to]))]
    .sort((a, b) => a.comparedTo(b))
    .filter((edge, i, sorted) => i === 0 || !edge.eq(sorted[i - 1]!));
  return edges.map((from, i) => {
    const to = edges[i + 1];
    const covering = coverages
      .flat()
      .find((band) => band.from.lte(from) && (band.to === undefined || from.lt(band.to)));
    return { from, to, multiplier: covering?.multiplier ?? ONE };
  });
}

function isMultiplier(override: Override): override is Extract<Override, { type: "MULTIPLIER" | "TIERED" }> {
  return override.type === "MULTIPLIER" || override.type === "TIERED";
}

/**
 * Applies a contract's overrides to a list rate. Overwrites win over multipliers; with
 * LOWEST_MULTIPLIER (Metronome's default) the lowest multiplier in force applies alone;
 * with EXPLICIT, multipliers and tiered multipliers apply by priority. `overrides` must be
 * those of the product (`overridesForProduct`); a line's presentation group values only matter
 * to overrides whose specifiers name some.
 */
export function resolveRate(
  index: RateCardIndex,
  listRate: Rate | undefined,
  overrides: readonly Override[],
  prioritization: OverridePrioritization,
  product: Product,
  pricingGroupValues: GroupValues,
  at: Date,
  presentationGroupValues?: GroupValues,
): EffectiveRate | UnbilledReason {
  if (listRate === undefined) return "NO_RATE";
  const active = overrides
    .filter((override) => isActiveAt(override, at) && appliesToGroup(override, product, pricingGroupValues, presentationGroupValues))
    .sort(precedence);
  const entitled = active.find((override) => override.entitled !== undefined)?.entitled ?? listRate.entitled;
  if (!entitled) return "NOT_ENTITLED";
  const list = listPrice(index, listRate);
  const overwrite = active.find((override) => override.type === "OVERWRITE");
  if (overwrite !== undefined) {
    assertRateTypeFits(product, overwrite.overwriteRate.rateType, `override ${overwrite.id}`);
    return { spec: overwrite.overwriteRate, creditType: overwrite.overwriteRate.creditType ?? list.creditType };
  }
  const multipliers = active.filter(isMultiplier);
  if (multipliers.length === 0) return list;
  if (prioritization === "EXPLICIT") return { ...list, bands: explicitBands(multipliers) };
  const lowest = Decimal.min(
    ...multipliers.map((override) => (override as Extract<Override, { type: "MULTIPLIER" }>).multiplier),
  );
  return { ...list, bands: [{ from: ZERO, multiplier: lowest }] };
}
