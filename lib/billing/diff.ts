import { type Decimal, ZERO } from "./decimal";
import type { Invoice, LineItem } from "./types";

/**
 * What changed between two computations of an invoice: a regeneration after late events, or a
 * simulation of new prices. Lines are matched by what they bill for, not by position.
 */

export type LineChange = "ADDED" | "REMOVED" | "CHANGED";

export interface LineDiff {
  change: LineChange;
  key: string;
  before?: LineItem;
  after?: LineItem;
  /** after − before, absent lines counting as zero. */
  totalDelta: Decimal;
  quantityDelta: Decimal;
}

export interface InvoiceDiff {
  totalBefore: Decimal;
  totalAfter: Decimal;
  totalDelta: Decimal;
  lines: LineDiff[];
}

/** What a line bills for; two lines with the same key are the same charge. */
export function lineKey(line: LineItem): string {
  return JSON.stringify([
    line.type,
    line.productId ?? null,
    line.pricingGroupValues ?? null,
    line.presentationGroupValues ?? null,
    line.subscriptionId ?? null,
    line.scheduledChargeId ?? null,
    line.discountId ?? null,
    line.commitId ?? null,
    line.segmentId ?? null,
    line.origin?.contractId ?? null,
    line.creditType.id,
    line.startingAt.toISOString(),
    line.endingBefore.toISOString(),
  ]);
}

/** Lines by key, made unique by occurrence for the rare identical charges (two items on one date). */
export function keyedLines(lines: readonly LineItem[]): Map<string, LineItem> {
  const seen = new Map<string, number>();
  const result = new Map<string, LineItem>();
  for (const line of lines) {
    const base = lineKey(line);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.set(n === 0 ? base : `${base}#${n}`, line);
  }
  return result;
}

export function diffInvoices(before: Invoice, after: Invoice): InvoiceDiff {
  const a = keyedLines(before.lines);
  const b = keyedLines(after.lines);
  const lines: LineDiff[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const is = b.get(key);
    const totalDelta = (is?.total ?? ZERO).minus(was?.total ?? ZERO);
    const quantityDelta = (is?.quantity ?? ZERO).minus(was?.quantity ?? ZERO);
    if (was !== undefined && is !== undefined && totalDelta.isZero() && quantityDelta.isZero()) continue;
    const change: LineChange = was === undefined ? "ADDED" : is === undefined ? "REMOVED" : "CHANGED";
    lines.push({ change, key, ...(was && { before: was }), ...(is && { after: is }), totalDelta, quantityDelta });
  }
  return {
    totalBefore: before.total,
    totalAfter: after.total,
    totalDelta: after.total.minus(before.total),
    lines,
  };
}
