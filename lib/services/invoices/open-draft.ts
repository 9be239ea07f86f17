import { createHash } from "node:crypto";
import type { LedgerEntry } from "@/lib/billing/types";
import type { BillableContract, DraftInvoice } from "./draft-invoice";

// A draft invoice as the invoice list shows it, and the id it is found again by: what the open
// periods' drafts (open-drafts.ts) and the SCHEDULED invoices not stored yet (scheduled-invoices.ts)
// both are.

export type OpenDraft = DraftInvoice & {
  /** Stable across reads: see draftInvoiceId. */
  id: string;
  /** USAGE for a period's invoice; SCHEDULED for what is billed on a date (scheduled-invoices.ts). */
  type: "USAGE" | "SCHEDULED";
  billing: BillableContract;
  /** What the open periods' drafts priced before this one draw from its balances (open-drafts.ts); none for a SCHEDULED one. */
  pending?: readonly LedgerEntry[];
};

/**
 * A draft is never stored, so its id is derived from what identifies it: SHA-256 of (contract,
 * period start, invoice type) shaped as a UUID (version 8, RFC 9562's custom layout). The same
 * period has the same id on every read, and a GET by that id finds it again. A SCHEDULED
 * invoice's "type" also names its credit type (scheduled-invoices.ts).
 */
export function draftInvoiceId(contractId: string, periodStart: Date, type = "USAGE"): string {
  const hash = createHash("sha256").update(`${contractId}:${periodStart.toISOString()}:${type}`).digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
