import type { LineItem } from "@/lib/billing/types";
import { groupLabel } from "./group-label";

/** An invoice line as the portal shows it (its invoices and its spend): decimal strings, ISO instants, one group label. */
export type PortalLine = { name: string; group: string | null; type: string; quantity: string | null; unitPrice: string | null; total: string; startingOn: string; endingBefore: string };

export function toPortalLine(line: Pick<LineItem, "name" | "type" | "quantity" | "unitPrice" | "total" | "startingAt" | "endingBefore" | "pricingGroupValues" | "presentationGroupValues">): PortalLine {
  return {
    name: line.name,
    group: groupLabel(line.presentationGroupValues ?? line.pricingGroupValues),
    type: line.type,
    quantity: line.quantity?.toFixed() ?? null,
    unitPrice: line.unitPrice?.toFixed() ?? null,
    total: line.total.toFixed(),
    startingOn: line.startingAt.toISOString(),
    endingBefore: line.endingBefore.toISOString(),
  };
}
