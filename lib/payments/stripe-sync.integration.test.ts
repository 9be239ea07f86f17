import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { Actor } from "@/lib/services/context";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { getInvoice } from "@/lib/services/invoices/get-invoice";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { fanOutOutbox } from "@/lib/webhooks/fan-out";
import { fakeStripe } from "./fake-stripe";
import { stripeClient, syncInvoicesToStripe } from "./stripe-sync";

const system: Actor = { type: "system", name: "test" };
const KEY = "sk_test_rateline";
const seconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

describeEachDatabase("Stripe invoice sync", (kind) => {
  let db: Database;
  let stripe: Awaited<ReturnType<typeof fakeStripe>>;
  let client: ReturnType<typeof stripeClient>;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    stripe = await fakeStripe(KEY);
    client = stripeClient({ secretKey: KEY, api: stripe.api });
  });
  afterAll(async () => {
    await stripe.close();
    await db.close();
  });

  /** A finalized invoice of a new customer (mapped to Stripe customer `stripeCustomer` if given), announced in the outbox. */
  async function finalizedInvoice(stripeCustomer: string | null, totals: string[], creditTypeId: string = USD_CENTS.id, provider = "stripe") {
    const customer = await createCustomer({ db: db.prisma, actor: system }, { name: `Customer ${randomUUID().slice(0, 8)}` });
    if (stripeCustomer) await db.prisma.billingProvider.create({ data: { customerId: customer.id, provider, externalId: stripeCustomer } });
    const id = randomUUID();
    const total = totals.reduce((sum, t) => sum + Number(t), 0).toString();
    await db.prisma.invoice.create({
      data: {
        id,
        customerId: customer.id,
        type: "USAGE",
        status: "FINALIZED",
        creditTypeId,
        startTimestamp: new Date("2026-01-01T00:00:00Z"),
        endTimestamp: new Date("2026-02-01T00:00:00Z"),
        issuedAt: new Date("2026-02-01T00:00:00Z"),
        finalizedAt: new Date("2026-02-02T00:00:00Z"),
        subtotal: total,
        total,
        idempotencyKey: `test:${id}`,
        lineItems: { create: totals.map((t, i) => ({ customerId: customer.id, position: i, type: "USAGE", name: `Line ${i + 1}`, creditTypeId, total: t, quantity: "2" })) },
      },
    });
    await db.prisma.outboxEvent.create({ data: { type: "invoice.finalized", payload: { invoice_id: id, customer_id: customer.id, total } } });
    await fanOutOutbox(db.prisma, new Date());
    return { id, customerId: customer.id };
  }
  const sync = (now: Date) => syncInvoicesToStripe(db.prisma, client, { now, random: () => 0.5 });
  const syncRow = (invoiceId: string) => db.prisma.invoiceSync.findUniqueOrThrow({ where: { invoiceId_provider: { invoiceId, provider: "stripe" } } });
  const stripeInvoicesOf = (invoiceId: string) => [...stripe.invoices.values()].filter((i) => (i.metadata as { rateline_invoice_id?: string }).rateline_invoice_id === invoiceId);

  it("sends a finalized invoice as a Stripe invoice with matching lines in cents, retrying a failed request with the same idempotency keys", async () => {
    const invoice = await finalizedInvoice("cus_A", ["1000", "1234.5", "0"]);
    stripe.failNext.push("/v1/invoiceitems");
    const t0 = new Date();

    await sync(t0);
    const failed = await syncRow(invoice.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, externalId: expect.stringMatching(/^in_/) });
    expect(failed.lastError).toBe("Stripe is temporarily unavailable.");
    expect(failed.nextAttemptAt).toEqual(seconds(t0, 30));
    await sync(seconds(t0, 29));
    expect((await syncRow(invoice.id)).attempts).toBe(1);

    await sync(seconds(t0, 30));
    const done = await syncRow(invoice.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 2, externalId: failed.externalId, lastError: null, syncedAt: seconds(t0, 30) });
    const [created, ...more] = stripeInvoicesOf(invoice.id);
    expect(more).toEqual([]);
    expect(created).toMatchObject({ id: done.externalId, customer: "cus_A", currency: "usd", status: "open", total: 2235 });
    expect(created!.items.map((i) => [i.description, i.amount])).toEqual([["Line 1", 1000], ["Line 2", 1235], ["Line 3", 0]]);

    const itemPosts = stripe.requests.filter((r) => r.path === "/v1/invoiceitems" && (r.form.metadata as { rateline_invoice_id: string }).rateline_invoice_id === invoice.id);
    // The failed first item was sent again under the same key, with the same parameters.
    expect(itemPosts).toHaveLength(4);
    expect(itemPosts[0]!.idempotencyKey).toBe(itemPosts[1]!.idempotencyKey);
    expect(itemPosts[0]!.form).toEqual(itemPosts[1]!.form);
    expect(new Set(itemPosts.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(stripe.requests.filter((r) => r.path === "/v1/invoices" && (r.form.metadata as { rateline_invoice_id: string }).rateline_invoice_id === invoice.id)).toHaveLength(1);

    const stored = await db.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    expect(stored.externalInvoices).toEqual([
      { billing_provider_type: "stripe", invoice_id: done.externalId, external_status: "FINALIZED", invoiced_sub_total: 2235, invoiced_total: 2235, issued_at_timestamp: "2026-02-01T00:00:00.000Z", pdf_url: `https://pay.stripe.test/${done.externalId}.pdf` },
    ]);
    // The invoice APIs show it (as Metronome's external_invoice: lib/http/wire/invoices.ts).
    const read = await getInvoice({ db: db.prisma, actor: { type: "system", name: "test" } }, { customer_id: invoice.customerId, invoice_id: invoice.id });
    expect(read.externalInvoice).toMatchObject({ billing_provider_type: "stripe", invoice_id: done.externalId, external_status: "FINALIZED" });
  });

  it("syncing twice creates one Stripe invoice, and fanning out twice one sync", async () => {
    const invoice = await finalizedInvoice("cus_B", ["500"]);
    const now = new Date();
    await sync(now);
    expect((await syncRow(invoice.id)).status).toBe("delivered");
    // As if the first run crashed before recording anything: the same requests go out again.
    await db.prisma.invoiceSync.update({ where: { id: (await syncRow(invoice.id)).id }, data: { status: "pending", attempts: 0, externalId: null, nextAttemptAt: now } });
    await db.prisma.outboxEvent.updateMany({ where: { type: "invoice.finalized" }, data: { dispatchedAt: null } });
    await fanOutOutbox(db.prisma, now);
    await sync(now);
    expect(await db.prisma.invoiceSync.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect((await syncRow(invoice.id)).status).toBe("delivered");
    expect(stripeInvoicesOf(invoice.id)).toHaveLength(1);
    expect(stripeInvoicesOf(invoice.id)[0]!.items).toHaveLength(1);
  });

  it("leaves unmapped customers alone and gives up at once on an invoice Stripe cannot take, announcing it", async () => {
    const unmapped = await finalizedInvoice(null, ["100"]);
    expect(await db.prisma.invoiceSync.count({ where: { invoiceId: unmapped.id } })).toBe(0);
    // A mapping to a provider Rateline has no connector for is kept, but nothing is queued for it.
    const netsuite = await finalizedInvoice("ns-1", ["100"], USD_CENTS.id, "netsuite");
    expect(await db.prisma.invoiceSync.count({ where: { invoiceId: netsuite.id } })).toBe(0);

    const eur = await db.prisma.creditType.create({ data: { id: randomUUID(), name: "EUR (cents)", isFiat: true, precision: 0 }, select: { id: true } });
    const foreign = await finalizedInvoice("cus_C", ["100"], eur.id);
    await sync(new Date());
    expect(await syncRow(foreign.id)).toMatchObject({ status: "failed", attempts: 1, externalId: null, lastError: expect.stringContaining("USD (cents)") });
    expect(stripeInvoicesOf(foreign.id)).toEqual([]);
    const announced = await db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "invoice.billing_provider_error" } });
    expect(announced.payload).toMatchObject({ invoice_id: foreign.id, customer_id: foreign.customerId, billing_provider: "STRIPE" });
  });

  it("retries what Stripe refuses, with Stripe's message", async () => {
    const invoice = await finalizedInvoice("cus_D", ["100"]);
    await db.prisma.billingProvider.updateMany({ where: { customerId: invoice.customerId }, data: { externalId: "" } });
    await sync(new Date());
    expect(await syncRow(invoice.id)).toMatchObject({ status: "pending", attempts: 1, lastError: "customer is required" });
  });
});

it("the fake Stripe refuses what the stripe package's types do not declare", async () => {
  const stripe = await fakeStripe(KEY);
  const client = stripeClient({ secretKey: KEY, api: stripe.api });
  try {
    const refused = (promise: Promise<unknown>) => promise.then(() => "accepted", (e: Error) => e.message);
    expect(await refused(client.invoices.create({ customer: "cus_1", bogus: "x" } as never, { idempotencyKey: "a" }))).toBe("bogus is not a parameter of InvoiceCreateParams");
    expect(await refused(client.invoices.create({ customer: "cus_1", collection_method: "weekly" }, { idempotencyKey: "b" }))).toBe("collection_method must be one of charge_automatically, send_invoice");
    expect(await refused(client.invoices.create({ customer: "cus_1", auto_advance: "yes" as never }, { idempotencyKey: "c" }))).toBe("auto_advance must be a boolean");
    const invoice = await client.invoices.create({ customer: "cus_1", currency: "usd" }, { idempotencyKey: "d" });
    expect(await refused(client.invoiceItems.create({ customer: "cus_1", currency: "usd", amount: 5, invoice: invoice.id, period: { start: 1 } as never }, { idempotencyKey: "e" }))).toBe("period.end is required");
    expect(await refused(client.invoiceItems.create({ customer: "cus_1", currency: "usd", amount: 1.5, invoice: invoice.id }, { idempotencyKey: "f" }))).toBe("amount must be an integer");
    expect(await refused(client.invoices.create({ customer: "cus_2", currency: "usd" }, { idempotencyKey: "d" }))).toMatch(/same parameters/);
    expect(await refused(client.invoices.create({ customer: "cus_1", currency: "usd" }, { idempotencyKey: "d" }))).toBe("accepted");
    expect(stripe.invoices.size).toBe(1);
  } finally {
    await stripe.close();
  }
});
