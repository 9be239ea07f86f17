import type Stripe from "stripe";
import { Decimal } from "@/lib/billing/decimal";
import { roundLineTotal, USD_CENTS } from "@/lib/billing/money";

// A finalized Rateline invoice as the Stripe requests that reproduce it: one draft invoice, one
// invoice item per line, then finalization. Amounts are the lines' totals in USD cents under the
// one rounding rule (money.ts), so the Stripe invoice's total is the Rateline invoice's to the cent.
// Every request carries an idempotency key derived from the Rateline ids: a retry, on this server
// or another, is answered by Stripe with what the first attempt created instead of a duplicate.

export type InvoiceToSync = {
  id: string;
  customerId: string;
  creditTypeId: string;
  startTimestamp: Date;
  endTimestamp: Date;
  lines: { id: string; name: string; total: Decimal; quantity: Decimal | null; startingAt: Date | null; endingBefore: Date | null }[];
};

/** A sync that no retry can make succeed (the attempt ends as failed at once). */
export class PermanentSyncError extends Error {
  override name = "PermanentSyncError";
}

type Keyed<P> = { params: P; idempotencyKey: string };

export type StripeInvoicePlan = {
  invoice: Keyed<Stripe.InvoiceCreateParams>;
  items: Keyed<Stripe.InvoiceItemCreateParams>[];
  finalize: Keyed<Stripe.InvoiceFinalizeInvoiceParams>;
};

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** Integer cents of a USD-cents amount, rounded by THE rule. */
export function stripeCents(amount: Decimal): number {
  const cents = roundLineTotal(amount, USD_CENTS);
  if (cents.abs().gt(Number.MAX_SAFE_INTEGER)) throw new PermanentSyncError(`The amount ${amount.toFixed()} is too large for Stripe.`);
  return cents.toNumber();
}

export function stripeInvoicePlan(invoice: InvoiceToSync, stripeCustomerId: string): StripeInvoicePlan {
  if (invoice.creditTypeId !== USD_CENTS.id) {
    throw new PermanentSyncError("Only invoices in USD (cents) can be sent to Stripe; this one is in another credit type.");
  }
  const key = `rateline:invoice:${invoice.id}`;
  return {
    invoice: {
      params: {
        customer: stripeCustomerId,
        currency: "usd",
        collection_method: "charge_automatically",
        auto_advance: false,
        // Only the items made below: other pending items of the customer stay where they are.
        pending_invoice_items_behavior: "exclude",
        description: `Rateline invoice ${invoice.id}`,
        metadata: {
          rateline_invoice_id: invoice.id,
          rateline_customer_id: invoice.customerId,
          period_start: invoice.startTimestamp.toISOString(),
          period_end: invoice.endTimestamp.toISOString(),
        },
      },
      idempotencyKey: `${key}:create`,
    },
    items: invoice.lines.map((line) => ({
      params: {
        customer: stripeCustomerId,
        currency: "usd",
        amount: stripeCents(line.total),
        description: line.name,
        period: { start: unix(line.startingAt ?? invoice.startTimestamp), end: unix(line.endingBefore ?? invoice.endTimestamp) },
        metadata: { rateline_invoice_id: invoice.id, rateline_line_item_id: line.id, ...(line.quantity ? { quantity: line.quantity.toFixed() } : {}) },
      },
      idempotencyKey: `${key}:line:${line.id}`,
    })),
    finalize: { params: { auto_advance: true }, idempotencyKey: `${key}:finalize` },
  };
}
