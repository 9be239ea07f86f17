// SQL counts arrive as bigint (COUNT(*) from raw SQL, BigInt columns). A count of rows or events
// is an integer far below 2^53, so a number carries it exactly; money never comes this way.

/** A count from the database as a number; a missing one is 0. */
export function countOf(value: bigint | number | string | null | undefined): number {
  return Number(value ?? 0);
}
