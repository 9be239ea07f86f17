/**
 * Deterministic orderings. Ids compare by code unit, not by locale, so an invoice computed on
 * any machine lists and draws things in the same order.
 */

export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Priorities of overrides, commits and credits: lower goes first, unset goes last. */
export function comparePriority(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/**
 * Lines in the rate card's product order (moveRateCardProducts, setRateCardProductsOrder): those
 * of listed products first, by the product's place; the rest after. Stable, so the lines of one
 * product, and all lines when no order is set, keep the order they were computed in.
 */
export function inProductOrder<T extends { productId?: string }>(lines: readonly T[], order: readonly string[] | undefined): T[] {
  if (!order?.length) return [...lines];
  const place = new Map(order.map((id, i) => [id, i]));
  const rank = (line: T) => (line.productId !== undefined ? place.get(line.productId) : undefined) ?? order.length;
  return lines.map((line, i) => ({ line, i, rank: rank(line) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.line);
}
