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
