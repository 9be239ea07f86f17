import { toLineRow, type LineFields, type LineRow } from "@/lib/services/invoices/line-row";
import { groupLabel } from "./group-label";

/** An invoice line as the portal shows it (its invoices and its spend): one group label. */
export type PortalLine = LineRow;

export const toPortalLine = (line: LineFields): PortalLine => toLineRow(line, groupLabel(line.presentationGroupValues ?? line.pricingGroupValues));
