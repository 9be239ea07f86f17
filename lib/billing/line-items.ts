import type { LineItemType } from "./types";

/**
 * Lines that reduce what is owed rather than charge for something: percentage and amount
 * discounts, and prepaid commits or credits drawn down. An invoice's subtotal is the sum of its
 * other lines (in its credit type); its total is the subtotal plus these (they are ≤ 0).
 */
const ADJUSTMENT_LINE_TYPES: ReadonlySet<LineItemType> = new Set(["DISCOUNT", "APPLIED_COMMIT_OR_CREDIT"]);

export const isAdjustmentLine = (type: LineItemType): boolean => ADJUSTMENT_LINE_TYPES.has(type);
