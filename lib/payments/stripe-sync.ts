import Stripe from "stripe";
import type { Config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { fromDb } from "@/lib/db/decimal";
import { afterAttempt, type RetryState } from "@/lib/webhooks/retry-schedule";
import { claimDue, recordWhere, type Claimed } from "@/lib/webhooks/work-queue";
import { PermanentSyncError, stripeInvoicePlan } from "./stripe-invoice";

// Sends finalized invoices to Stripe. The webhook fan-out (lib/webhooks/fan-out.ts) makes an
// InvoiceSync row for each invoice.finalized event of a customer mapped to a Stripe customer;
// this job works those rows with the same claim and retry rule as webhook deliveries. The Stripe
// invoice's id is stored as soon as it exists, so later attempts add to that invoice, and
// every request's idempotency key makes a repeated one return what the first created.

export function stripeClient(settings: NonNullable<Config["stripe"]>): Stripe {
  // No retries inside the client: the InvoiceSync row is the retry, durable across restarts.
  return new Stripe(settings.secretKey, { maxNetworkRetries: 0, timeout: 10_000, telemetry: false, ...settings.api });
}

export type SyncOptions = { now: Date; limit?: number; random?: () => number };

/** A whole attempt's budget, well over its requests' timeouts, so no other server takes it over. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** Attempts one batch of due syncs; true when the batch was full. */
export async function syncInvoicesToStripe(db: PrismaClient, stripe: Stripe, options: SyncOptions): Promise<boolean> {
  const limit = options.limit ?? 10;
  const claimed = await claimDue(db, "invoice_sync", { now: options.now, limit, leaseMs: CLAIM_LEASE_MS, provider: "stripe" });
  // One at a time: Stripe rate-limits per account, and a batch is short.
  for (const c of claimed) await syncOne(db, stripe, c, options);
  return claimed.length === limit;
}

async function syncOne(db: PrismaClient, stripe: Stripe, claimed: Claimed, options: SyncOptions): Promise<void> {
  const sync = await db.invoiceSync.findUniqueOrThrow({
    where: { id: claimed.id },
    select: {
      externalId: true,
      invoice: {
        select: {
          id: true,
          customerId: true,
          status: true,
          creditTypeId: true,
          startTimestamp: true,
          endTimestamp: true,
          issuedAt: true,
          externalInvoices: true,
          lineItems: { orderBy: { position: "asc" }, select: { id: true, name: true, total: true, quantity: true, startingAt: true, endingBefore: true } },
        },
      },
    },
  });
  const { invoice } = sync;
  let stripeInvoiceId = sync.externalId;
  try {
    if (invoice.status !== "FINALIZED") throw new PermanentSyncError(`The invoice is ${invoice.status}; only finalized invoices are sent to Stripe.`);
    const mapping = await db.billingProvider.findFirst({ where: { customerId: invoice.customerId, provider: "stripe", archivedAt: null }, select: { externalId: true } });
    if (!mapping) throw new PermanentSyncError("The customer is no longer mapped to a Stripe customer.");
    const plan = stripeInvoicePlan(
      { ...invoice, lines: invoice.lineItems.map((l) => ({ ...l, total: fromDb(l.total), quantity: fromDb(l.quantity) })) },
      mapping.externalId,
    );
    if (!stripeInvoiceId) {
      stripeInvoiceId = (await stripe.invoices.create(plan.invoice.params, { idempotencyKey: plan.invoice.idempotencyKey })).id;
      await db.invoiceSync.updateMany({ where: recordWhere(claimed), data: { externalId: stripeInvoiceId } });
    }
    for (const item of plan.items) await stripe.invoiceItems.create({ ...item.params, invoice: stripeInvoiceId }, { idempotencyKey: item.idempotencyKey });
    const finalized = await stripe.invoices.finalizeInvoice(stripeInvoiceId, plan.finalize.params, { idempotencyKey: plan.finalize.idempotencyKey });
    const external = {
      billing_provider_type: "stripe",
      invoice_id: finalized.id,
      external_status: "FINALIZED",
      invoiced_sub_total: finalized.subtotal,
      invoiced_total: finalized.total,
      ...(invoice.issuedAt ? { issued_at_timestamp: invoice.issuedAt.toISOString() } : {}),
      ...(finalized.invoice_pdf ? { pdf_url: finalized.invoice_pdf } : {}),
    };
    const others = (Array.isArray(invoice.externalInvoices) ? invoice.externalInvoices : []).filter((e) => (e as { billing_provider_type?: string } | null)?.billing_provider_type !== "stripe");
    await db.$transaction(async (tx) => {
      const { count } = await tx.invoiceSync.updateMany({
        where: recordWhere(claimed),
        data: { ...afterAttempt(claimed.attempts, true, options.now), externalId: finalized.id, syncedAt: options.now, lastError: null },
      });
      if (count) await tx.invoice.update({ where: { id: invoice.id }, data: { externalInvoices: [...others, external] } });
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const next: RetryState = error instanceof PermanentSyncError ? { status: "failed", attempts: claimed.attempts + 1, nextAttemptAt: null } : afterAttempt(claimed.attempts, false, options.now, options.random);
    await db.$transaction(async (tx) => {
      const { count } = await tx.invoiceSync.updateMany({ where: recordWhere(claimed), data: { ...next, lastError: message } });
      // Metronome's webhook for an invoice its Stripe integration could not deliver; sent once,
      // when Rateline stops trying, not on every failed attempt.
      if (count && next.status === "failed") {
        await tx.outboxEvent.create({
          data: {
            type: "invoice.billing_provider_error",
            payload: { invoice_id: invoice.id, customer_id: invoice.customerId, billing_provider: "STRIPE", billing_provider_error: message },
          },
        });
      }
    });
    if (!(error instanceof PermanentSyncError) && !(error instanceof Stripe.errors.StripeError)) console.error(`Stripe sync of invoice ${invoice.id} failed unexpectedly; it will be retried.`, error);
  }
}
