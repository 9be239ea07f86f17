import type { LineItem } from "@/lib/billing/types";

/**
 * An invoice line as it crosses to a page (the console's invoice, the portal's invoices and
 * spend): decimal strings and ISO instants. `group` is the text that tells the line apart, which
 * each surface writes its own way.
 */
export type LineRow = { name: string; group: string | null; type: string; quantity: string | null; unitPrice: string | null; total: string; startingOn: string; endingBefore: string };

export type LineFields = Pick<LineItem, "name" | "type" | "quantity" | "unitPrice" | "total" | "startingAt" | "endingBefore" | "pricingGroupValues" | "presentationGroupValues">;

export function toLineRow(line: LineFields, group: string | null): LineRow {
  return {
    name: line.name,
    group,
    type: line.type,
    quantity: line.quantity?.toFixed() ?? null,
    unitPrice: line.unitPrice?.toFixed() ?? null,
    total: line.total.toFixed(),
    startingOn: line.startingAt.toISOString(),
    endingBefore: line.endingBefore.toISOString(),
  };
}

/** The group values that tell a line apart ("model: large, region: (none)"), or null when it has none. */
export function groupDetail(line: Pick<LineItem, "pricingGroupValues" | "presentationGroupValues">): string | null {
  return Object.entries({ ...line.pricingGroupValues, ...line.presentationGroupValues }).map(([key, value]) => `${key}: ${value ?? "(none)"}`).join(", ") || null;
}

/** What each kind of invoice line is called, wherever a line is shown (pages, the invoice PDF). */
const LINE_TYPE_LABELS: Record<string, string> = {
  USAGE: "Usage",
  SUBSCRIPTION: "Subscription",
  SCHEDULED_CHARGE: "Scheduled charge",
  COMMIT_PURCHASE: "Commit purchase",
  POSTPAID_TRUEUP: "Postpaid true-up",
  DISCOUNT: "Discount",
  APPLIED_COMMIT_OR_CREDIT: "Commit or credit applied",
  CPU_CONVERSION: "Conversion",
  PROFESSIONAL_SERVICE: "Professional services",
};

export const lineTypeLabel = (type: string) => LINE_TYPE_LABELS[type] ?? type;
