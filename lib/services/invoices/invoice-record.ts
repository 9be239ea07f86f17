import { Decimal } from "@/lib/billing/decimal";
import type { InvoiceBreakdown } from "@/lib/billing/breakdowns";
import type { CreditType, Invoice, LineItem, Product, ProductType, TierCharge } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { fromDb, toDb } from "@/lib/db/decimal";
import { loadEngineProducts } from "@/lib/services/billing/pricing-context";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import type { OpenDraft } from "./open-draft";

// An invoice as services return it, whether stored (finalized or void) or a live draft: the
// engine's lines, with what the API shows about each line's product.

export type InvoiceLine = Omit<LineItem, "tiers"> & {
  /** Each slice of a graduated charge with its exact (unrounded) subtotal. */
  tiers?: (TierCharge & { subtotal: Decimal })[];
  productType?: ProductType;
  productTags?: readonly string[];
};

export type InvoiceRecord = {
  id: string;
  customerId: string;
  contractId: string | null;
  type: "USAGE" | "SCHEDULED" | "THRESHOLD";
  status: "DRAFT" | "FINALIZED" | "VOID";
  creditType: CreditType;
  startTimestamp: Date;
  endTimestamp: Date;
  issuedAt: Date | null;
  subtotal: Decimal;
  total: Decimal;
  netPaymentTermsDays: number;
  regeneratedFromId: string | null;
  /** Where a payment provider holds it (Metronome's external_invoice; lib/payments). */
  externalInvoice: Record<string, unknown> | null;
  /** A child contract's invoice its parent pays (Metronome's payer): the parent's contract and customer. */
  payer: { contractId: string; customerId: string } | null;
  lines: InvoiceLine[];
};

type PayerColumns = { parentContractId: string | null; parentCustomerId: string | null; hierarchyPayer: string | null };

/** Who pays a contract's invoices when it is not its customer: its parent, for a child whose payer is PARENT. */
function payerOf(contract: PayerColumns | null | undefined): InvoiceRecord["payer"] {
  if (contract?.hierarchyPayer !== "PARENT" || !contract.parentContractId || !contract.parentCustomerId) return null;
  return { contractId: contract.parentContractId, customerId: contract.parentCustomerId };
}

function describeLine({ tiers, ...line }: LineItem, products: ReadonlyMap<string, Product>): InvoiceLine {
  const product = line.productId ? products.get(line.productId) : undefined;
  return {
    ...line,
    ...(tiers ? { tiers: tiers.map((t) => ({ ...t, subtotal: t.quantity.times(t.price) })) } : {}),
    ...(product ? { productType: product.type, productTags: product.tags ?? [] } : {}),
  };
}

export function draftRecord(draft: OpenDraft): InvoiceRecord {
  const { invoice, billing } = draft;
  return {
    id: draft.id,
    customerId: draft.customerId,
    contractId: billing.row.id,
    type: draft.type,
    status: "DRAFT",
    creditType: invoice.creditType,
    startTimestamp: invoice.startingAt,
    endTimestamp: invoice.endingBefore,
    issuedAt: null,
    subtotal: invoice.subtotal,
    total: invoice.total,
    netPaymentTermsDays: billing.row.netPaymentTermsDays,
    regeneratedFromId: null,
    externalInvoice: null,
    payer: draft.type === "USAGE" ? payerOf(billing.row) : null,
    lines: invoice.lines.map((line) => describeLine(line, draft.pricing.products)),
  };
}

// ─── Stored invoices ───
// A stored line keeps the engine's LineItem: its common fields as columns, the rest in `detail`
// (snake_case, decimal strings), so a finalized invoice reads back exactly as it was computed.

type StoredDetail = {
  tiers?: { starting_at: string; quantity: string; price: string }[];
  packages?: string;
  subscription_id?: string;
  is_prorated?: boolean;
  scheduled_charge_id?: string;
  discount_id?: string;
  segment_id?: string;
  commit_type?: LineItem["commitType"];
  /** A child's charge on its parent's invoice (lib/billing/hierarchy.ts). */
  origin?: { customer_id: string; contract_id: string; invoice_id: string };
  professional_service_id?: string;
  metadata?: string;
};

/** The rows that store an invoice's lines, in order (for the invoice's nested `lineItems.create`). */
export function lineItemRows(customerId: string, lines: readonly LineItem[]): Prisma.InvoiceLineItemCreateWithoutInvoiceInput[] {
  return lines.map((line, position) => {
    const detail: StoredDetail = {
      ...(line.tiers ? { tiers: line.tiers.map((t) => ({ starting_at: toDb(t.startingAt), quantity: toDb(t.quantity), price: toDb(t.price) })) } : {}),
      ...(line.packages ? { packages: toDb(line.packages) } : {}),
      ...(line.subscriptionId ? { subscription_id: line.subscriptionId } : {}),
      ...(line.isProrated !== undefined ? { is_prorated: line.isProrated } : {}),
      ...(line.scheduledChargeId ? { scheduled_charge_id: line.scheduledChargeId } : {}),
      ...(line.discountId ? { discount_id: line.discountId } : {}),
      ...(line.segmentId ? { segment_id: line.segmentId } : {}),
      ...(line.commitType ? { commit_type: line.commitType } : {}),
      ...(line.origin ? { origin: { customer_id: line.origin.customerId, contract_id: line.origin.contractId, invoice_id: line.origin.invoiceId } } : {}),
      ...(line.professionalServiceId ? { professional_service_id: line.professionalServiceId } : {}),
      ...(line.metadata !== undefined ? { metadata: line.metadata } : {}),
    };
    return {
      customerId,
      position,
      type: line.type,
      name: line.name,
      productId: line.productId ?? null,
      commitId: line.commitId ?? null,
      creditTypeId: line.creditType.id,
      quantity: toDb(line.quantity),
      unitPrice: toDb(line.unitPrice),
      total: toDb(line.total),
      startingAt: line.startingAt,
      endingBefore: line.endingBefore,
      pricingGroupValues: line.pricingGroupValues ?? undefined,
      presentationGroupValues: line.presentationGroupValues ?? undefined,
      detail,
    };
  });
}

export const INVOICE_SELECT = {
  id: true,
  customerId: true,
  contractId: true,
  type: true,
  status: true,
  creditTypeId: true,
  startTimestamp: true,
  endTimestamp: true,
  issuedAt: true,
  subtotal: true,
  total: true,
  regeneratedFromId: true,
  externalInvoices: true,
  contract: { select: { netPaymentTermsDays: true, parentContractId: true, parentCustomerId: true, hierarchyPayer: true } },
  lineItems: { orderBy: { position: "asc" } },
} as const satisfies Prisma.InvoiceSelect;

type InvoiceRow = Prisma.InvoiceGetPayload<{ select: typeof INVOICE_SELECT }>;
type LineRow = InvoiceRow["lineItems"][number];

function storedLine(row: LineRow, creditTypes: ReadonlyMap<string, CreditType>): LineItem {
  const detail = (row.detail ?? {}) as StoredDetail;
  const defined = <T,>(value: T | null | undefined) => value ?? undefined;
  return {
    type: row.type as LineItem["type"],
    name: row.name,
    creditType: creditTypes.get(row.creditTypeId)!,
    total: fromDb(row.total),
    startingAt: row.startingAt!,
    endingBefore: row.endingBefore!,
    productId: defined(row.productId),
    commitId: defined(row.commitId),
    quantity: defined(fromDb(row.quantity)),
    unitPrice: defined(fromDb(row.unitPrice)),
    tiers: detail.tiers?.map((t) => ({ startingAt: new Decimal(t.starting_at), quantity: new Decimal(t.quantity), price: new Decimal(t.price) })),
    packages: detail.packages === undefined ? undefined : new Decimal(detail.packages),
    pricingGroupValues: defined(row.pricingGroupValues as LineItem["pricingGroupValues"] | null),
    presentationGroupValues: defined(row.presentationGroupValues as LineItem["presentationGroupValues"] | null),
    subscriptionId: detail.subscription_id,
    isProrated: detail.is_prorated,
    scheduledChargeId: detail.scheduled_charge_id,
    discountId: detail.discount_id,
    segmentId: detail.segment_id,
    commitType: detail.commit_type,
    origin: detail.origin && { customerId: detail.origin.customer_id, contractId: detail.origin.contract_id, invoiceId: detail.origin.invoice_id },
    professionalServiceId: detail.professional_service_id,
    metadata: detail.metadata,
  };
}

/** Stored invoices as records; their lines' products are described as they are at `at`. */
export async function storedRecords(db: Prisma.TransactionClient, rows: readonly InvoiceRow[], at: Date): Promise<InvoiceRecord[]> {
  const lines = rows.flatMap((row) => row.lineItems);
  const creditTypes = await readCreditTypes(db, [...rows.map((r) => r.creditTypeId), ...lines.map((l) => l.creditTypeId)]);
  const products = await loadEngineProducts(db, lines.map((l) => l.productId).filter((id): id is string => !!id), at);
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    contractId: row.contractId,
    type: row.type,
    status: row.status,
    creditType: creditTypes.get(row.creditTypeId)!,
    startTimestamp: row.startTimestamp,
    endTimestamp: row.endTimestamp,
    issuedAt: row.issuedAt,
    subtotal: fromDb(row.subtotal),
    total: fromDb(row.total),
    netPaymentTermsDays: row.contract?.netPaymentTermsDays ?? 0,
    regeneratedFromId: row.regeneratedFromId,
    // One provider per invoice is synced today (Stripe); Metronome shows one external invoice.
    externalInvoice: (Array.isArray(row.externalInvoices) ? (row.externalInvoices[0] as Record<string, unknown> | undefined) : undefined) ?? null,
    payer: row.type === "USAGE" ? payerOf(row.contract) : null,
    lines: row.lineItems.map((line) => describeLine(storedLine(line, creditTypes), products)),
  }));
}

/** A record as the engine holds an invoice: to compare it with a new pricing of its period (diff.ts). */
export function engineInvoice(record: InvoiceRecord): Invoice {
  return {
    contractId: record.contractId ?? "",
    startingAt: record.startTimestamp,
    endingBefore: record.endTimestamp,
    creditType: record.creditType,
    lines: record.lines.map(({ productType: _type, productTags: _tags, ...line }) => line),
    subtotal: record.subtotal,
    total: record.total,
    ledgerEntries: [],
    unbilledUsage: [],
  };
}

/** One window of an invoice (Metronome's breakdown): the invoice's own fields, the window's lines and totals. */
export type InvoiceBreakdownRecord = InvoiceRecord & { breakdownStart: Date; breakdownEnd: Date };

export function breakdownRecord(invoice: InvoiceRecord, breakdown: InvoiceBreakdown, products: ReadonlyMap<string, Product>): InvoiceBreakdownRecord {
  return {
    ...invoice,
    subtotal: breakdown.subtotal,
    total: breakdown.total,
    lines: breakdown.lines.map((line) => describeLine(line, products)),
    breakdownStart: breakdown.startingAt,
    breakdownEnd: breakdown.endingBefore,
  };
}

/** Metronome's skip_zero_qty_line_items: lines that bill a quantity of zero are left out. */
export function withoutZeroQuantityLines<R extends InvoiceRecord>(record: R): R {
  return { ...record, lines: record.lines.filter((line) => !line.quantity?.isZero()) };
}
