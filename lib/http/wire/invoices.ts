import { createHash } from "node:crypto";
import type { Invoice, InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import type { CustomerListCostsResponse } from "@metronome/sdk/resources/v1/customers/customers";
import type { WindowCost } from "@/lib/billing/costs";
import type { LineItemType, ProductType } from "@/lib/billing/types";
import type { InvoiceBreakdownRecord, InvoiceLine, InvoiceRecord } from "@/lib/services/invoices/invoice-record";
import type { InvoiceCustomFields } from "@/lib/services/invoices/invoice-custom-fields";
import type { OnWire } from "./sdk-shape";

// Invoices in Metronome's wire shape (Invoice in @metronome/sdk v1/customers/invoices.ts).

/** Metronome's line item types (the SDK documents them on Invoice.LineItem.type). */
const LINE_TYPE: Record<LineItemType, string> = {
  USAGE: "usage",
  SUBSCRIPTION: "subscription",
  SCHEDULED_CHARGE: "scheduled",
  COMMIT_PURCHASE: "commit_purchase",
  POSTPAID_TRUEUP: "postpaid_trueup",
  // Percentage discounts and negative scheduled charges (Metronome's contract discounts).
  DISCOUNT: "discount",
  APPLIED_COMMIT_OR_CREDIT: "applied_commit_or_credit",
  CPU_CONVERSION: "cpu_conversion",
  PROFESSIONAL_SERVICE: "professional_service",
};

const PRODUCT_TYPE: Record<ProductType, string> = {
  FIXED: "FixedProductListItem",
  USAGE: "UsageProductListItem",
  SUBSCRIPTION: "SubscriptionProductListItem",
  COMPOSITE: "CompositeProductListItem",
};

/** A pricing key the usage did not carry has no value to show. */
function presentValues(values: Readonly<Record<string, string | null>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null));
}

/**
 * A consolidated line's line_item_id: the child's invoice carries no lines when its parent pays
 * (lib/billing/hierarchy.ts), so the id is derived, stable across reads, from the child's invoice
 * and the line's place among those copied from it (SHA-256 shaped as a UUID, as draft ids are).
 */
function originLineId(invoiceId: string, n: number): string {
  const hex = createHash("sha256").update(`${invoiceId}:line:${n}`).digest().subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Metronome's origin of each line copied from a child's invoice, numbering the lines per child invoice. */
function origins(lines: readonly InvoiceLine[]): (Invoice.LineItem.Origin | undefined)[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    if (!line.origin) return undefined;
    const n = seen.get(line.origin.invoiceId) ?? 0;
    seen.set(line.origin.invoiceId, n + 1);
    return { customer_id: line.origin.customerId, contract_id: line.origin.contractId, invoice_id: line.origin.invoiceId, line_item_id: originLineId(line.origin.invoiceId, n) };
  });
}

/** The child invoices a parent's invoice consolidates, in the order their lines appear. */
function constituents(lines: readonly InvoiceLine[]): Invoice.ConstituentInvoice[] {
  const byId = new Map<string, Invoice.ConstituentInvoice>();
  for (const { origin } of lines) if (origin && !byId.has(origin.invoiceId)) byId.set(origin.invoiceId, { customer_id: origin.customerId, contract_id: origin.contractId, invoice_id: origin.invoiceId });
  return [...byId.values()];
}

function lineToWire(line: InvoiceLine, origin?: Invoice.LineItem.Origin, fields?: InvoiceCustomFields) {
  // As Metronome, group values only where the product has pricing or presentation keys.
  const pricing = presentValues(line.pricingGroupValues ?? {});
  const presentation = line.presentationGroupValues ?? {};
  const presentationKeys = Object.keys(presentation);
  return {
    name: line.name,
    type: LINE_TYPE[line.type],
    total: line.total,
    credit_type: { id: line.creditType.id, name: line.creditType.name },
    starting_at: line.startingAt.toISOString(),
    ending_before: line.endingBefore.toISOString(),
    ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
    ...(line.unitPrice !== undefined ? { unit_price: line.unitPrice } : {}),
    ...(line.productId ? { product_id: line.productId } : {}),
    ...(line.productType ? { product_type: PRODUCT_TYPE[line.productType], product_tags: [...(line.productTags ?? [])] } : {}),
    ...(Object.keys(pricing).length ? { pricing_group_values: pricing } : {}),
    ...(presentationKeys.length ? { presentation_group_values: { ...presentation } } : {}),
    ...(presentationKeys.length === 1 ? { group_key: presentationKeys[0]!, group_value: presentation[presentationKeys[0]!] ?? null } : {}),
    ...(line.isProrated !== undefined ? { is_prorated: line.isProrated } : {}),
    ...(line.subscriptionId ? { subscription_id: line.subscriptionId } : {}),
    ...(line.type === "DISCOUNT"
      ? { discount_id: line.discountId ?? line.scheduledChargeId }
      : line.scheduledChargeId
        ? { scheduled_charge_id: line.scheduledChargeId }
        : {}),
    ...(line.commitId ? { commit_id: line.commitId } : {}),
    ...(line.professionalServiceId ? { professional_service_id: line.professionalServiceId } : {}),
    ...(line.metadata !== undefined ? { metadata: line.metadata } : {}),
    ...(line.segmentId ? { commit_segment_id: line.segmentId } : {}),
    ...(line.commitType ? { commit_type: line.commitType === "POSTPAID" ? "PostpaidCommit" : "PrepaidCommit" } : {}),
    ...(line.type === "APPLIED_COMMIT_OR_CREDIT" && line.commitId && line.commitType ? { applied_commit_or_credit: { id: line.commitId, type: line.commitType } } : {}),
    ...(line.type === "POSTPAID_TRUEUP" && line.commitId ? { postpaid_commit: { id: line.commitId } } : {}),
    ...(origin ? { origin } : {}),
    ...(fields && line.productId ? { product_custom_fields: fields.products.get(line.productId) ?? {} } : {}),
    ...(fields && line.commitId ? { commit_custom_fields: fields.commits.get(line.commitId) ?? {} } : {}),
    // A graduated charge is one line (rounded once); its tiers are its breakdown.
    ...(line.tiers
      ? {
          sub_line_items: [
            {
              name: line.name,
              custom_fields: {},
              quantity: line.quantity!,
              subtotal: line.total,
              tiers: line.tiers.map((t) => ({ starting_at: t.startingAt, quantity: t.quantity, price: t.price, subtotal: t.subtotal })),
            },
          ],
        }
      : {}),
  } satisfies OnWire<Invoice.LineItem>;
}

/** An invoice on the wire; with its custom fields when the service read them (invoice-custom-fields.ts). */
export function invoiceToWire(invoice: InvoiceRecord & { customFields?: InvoiceCustomFields }) {
  const lineOrigins = origins(invoice.lines);
  const fields = invoice.customFields;
  return {
    id: invoice.id,
    customer_id: invoice.customerId,
    ...(invoice.contractId ? { contract_id: invoice.contractId } : {}),
    type: invoice.type,
    status: invoice.status,
    credit_type: { id: invoice.creditType.id, name: invoice.creditType.name },
    start_timestamp: invoice.startTimestamp.toISOString(),
    end_timestamp: invoice.endTimestamp.toISOString(),
    ...(invoice.issuedAt ? { issued_at: invoice.issuedAt.toISOString() } : {}),
    subtotal: invoice.subtotal,
    total: invoice.total,
    net_payment_terms_days: invoice.netPaymentTermsDays,
    ...(invoice.regeneratedFromId ? { regenerated_from_invoice_id: invoice.regeneratedFromId } : {}),
    // Stored in Metronome's shape by the payment connector (lib/payments).
    ...(invoice.externalInvoice ? { external_invoice: invoice.externalInvoice as unknown as Invoice.ExternalInvoice } : {}),
    ...(invoice.payer ? { payer: { contract_id: invoice.payer.contractId, customer_id: invoice.payer.customerId } } : {}),
    ...(invoice.lines.some((line) => line.origin) ? { constituent_invoices: constituents(invoice.lines) } : {}),
    ...(fields ? { customer_custom_fields: fields.customer, ...(invoice.contractId ? { contract_custom_fields: fields.contract } : {}) } : {}),
    line_items: invoice.lines.map((line, i) => lineToWire(line, lineOrigins[i], fields)),
  } satisfies OnWire<Invoice>;
}

/** One window of an invoice (Metronome's BreakdownInvoice): the invoice's fields, the window's lines and totals. */
export function invoiceBreakdownToWire(breakdown: InvoiceBreakdownRecord) {
  return {
    ...invoiceToWire(breakdown),
    breakdown_start_timestamp: breakdown.breakdownStart.toISOString(),
    breakdown_end_timestamp: breakdown.breakdownEnd.toISOString(),
  } satisfies OnWire<InvoiceListBreakdownsResponse>;
}

/** One day of a customer's costs (Metronome's CustomerListCostsResponse), credit types by id. */
export function windowCostToWire(window: WindowCost) {
  return {
    start_timestamp: window.startingAt.toISOString(),
    end_timestamp: window.endingBefore.toISOString(),
    credit_types: Object.fromEntries(
      [...window.creditTypes].map(([id, c]) => [
        id,
        {
          name: c.creditType.name,
          cost: c.cost,
          line_item_breakdown: c.lines.map((l) => ({ name: l.name, cost: l.cost, ...(l.groupKey !== undefined ? { group_key: l.groupKey, group_value: l.groupValue ?? null } : {}) })),
        },
      ]),
    ),
  } satisfies OnWire<CustomerListCostsResponse>;
}
