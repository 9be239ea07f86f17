import type { CreditGrantListEntriesResponse, CreditGrantListResponse } from "@metronome/sdk/resources/v1/credit-grants";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { GRANT_PRODUCT } from "@/lib/services/credit-grants/grant-product";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";
import { month, UUID } from "@/lib/test-support/months";

// Metronome's plans-era credit grants through the SDK, stored as customer-level credits. The
// server prices at the real clock: the contract runs from this month's first instant, monthly, so
// this month is the live draft and its period ends on the 1st of next month.
//
//   Calls FLAT 2.5 (USD cents): 137 calls this month = 342.5, rounded half-up to 343
//   Grant "Promo" 100, priority 1, any product, this month      → draws 100
//   Grant "Prepaid" 1000, priority 2, calls only, two months      → draws the other 243: total 0
//   Once Promo is voided, Prepaid draws all 343: still 0.

const USD = { id: USD_CENTS.id, name: USD_CENTS.name };

const THIS = month(0);
const NEXT = month(1);
const LATER = month(2);

describeEachDatabase("credit grants through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", calls: "", promo: "", prepaid: "" };
  const c = () => server.client;
  const draft = async () => (await c().v1.customers.invoices.list({ customer_id: ids.customer, type: "USAGE" })).data.find((i) => i.status === "DRAFT" && i.start_timestamp === THIS)!;
  const applied = async () => {
    const invoice = await draft();
    return { total: invoice.total, lines: invoice.line_items.filter((l) => l.type === "applied_commit_or_credit").map((l) => [l.name, l.total, l.applied_commit_or_credit]) };
  };

  beforeAll(async () => {
    server = await startApiServer(kind);
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    ids.calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    const card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: ids.calls, entitled: true, rate_type: "FLAT", price: 2.5, starting_at: THIS });
    ids.customer = (await c().v1.customers.create({ name: "Grantee" })).data.id;
    await c().v1.contracts.create({ customer_id: ids.customer, rate_card_id: card, starting_at: THIS });
    await c().v1.usage.ingest({ usage: Array.from({ length: 137 }, (_, i) => ({ transaction_id: `call-${i}`, customer_id: ids.customer, event_type: "api_call", timestamp: THIS })) });
  });
  afterAll(() => server.stop());

  it("creates grants that draw down the live draft as customer credits, to the cent", async () => {
    // The first two grants at once: both make (or wait for) the grants' product, neither fails.
    const [promo, prepaid] = await Promise.all([
        c().v1.creditGrants.create({
          customer_id: ids.customer,
          name: "Promo",
          grant_amount: { amount: 100, credit_type_id: USD.id },
          paid_amount: { amount: 0, credit_type_id: USD.id },
          priority: 1,
          effective_at: THIS,
          expires_at: NEXT,
          credit_grant_type: "trial",
          reason: "Incentivize new customer",
          custom_fields: { source: "signup" },
        }),
        c().v1.creditGrants.create({
          customer_id: ids.customer,
          name: "Prepaid",
          grant_amount: { amount: 1000, credit_type_id: USD.id },
          paid_amount: { amount: 0, credit_type_id: USD.id },
          priority: 2,
          effective_at: THIS,
          expires_at: LATER,
          product_ids: [ids.calls],
        }),
      ]);
    [ids.promo, ids.prepaid] = [promo.data.id, prepaid.data.id];
    expect(ids.promo).toEqual(UUID);

    expect(await applied()).toEqual({
      total: 0,
      lines: [
        ["Promo", -100, { id: ids.promo, type: "CREDIT" }],
        ["Prepaid", -243, { id: ids.prepaid, type: "CREDIT" }],
      ],
    });
    const credits = (await c().v1.customers.credits.list({ customer_id: ids.customer, include_balance: true })).data;
    expect(credits.map((cr) => [cr.id, cr.name, cr.product.id, cr.balance, cr.access_schedule?.schedule_items.map((s) => [s.amount, s.starting_at, s.ending_before])])).toEqual([
      [ids.promo, "Promo", GRANT_PRODUCT.id, 0, [[100, THIS, NEXT]]],
      [ids.prepaid, "Prepaid", GRANT_PRODUCT.id, 757, [[1000, THIS, LATER]]],
    ]);
  });

  it("lists the grants in pages, field for field in Metronome's shape", async () => {
    const grants: CreditGrantListResponse[] = await allPages(c().v1.creditGrants.list({ customer_ids: [ids.customer], limit: 1 }));
    const invoiceId = (await draft()).id;
    expect(grants).toEqual([
      {
        id: ids.promo,
        customer_id: ids.customer,
        name: "Promo",
        priority: 1,
        effective_at: THIS,
        expires_at: NEXT,
        grant_amount: { amount: 100, credit_type: USD },
        paid_amount: { amount: 0, credit_type: USD },
        // Held now by what is posted; at the period's end (NEXT) it has expired.
        balance: { effective_at: NEXT, excluding_pending: 100, including_pending: 0 },
        custom_fields: { source: "signup" },
        deductions: [],
        pending_deductions: [
          { amount: -100, created_by: "Rateline", credit_grant_id: ids.promo, effective_at: THIS, reason: "Invoice deduction", running_balance: 1000, invoice_id: invoiceId },
        ],
        credit_grant_type: "trial",
        invoice_id: null,
        products: [],
        reason: "Incentivize new customer",
        uniqueness_key: null,
      },
      {
        id: ids.prepaid,
        customer_id: ids.customer,
        name: "Prepaid",
        priority: 2,
        effective_at: THIS,
        expires_at: LATER,
        grant_amount: { amount: 1000, credit_type: USD },
        paid_amount: { amount: 0, credit_type: USD },
        balance: { effective_at: NEXT, excluding_pending: 1000, including_pending: 757 },
        custom_fields: {},
        deductions: [],
        pending_deductions: [
          { amount: -243, created_by: "Rateline", credit_grant_id: ids.prepaid, effective_at: THIS, reason: "Invoice deduction", running_balance: 757, invoice_id: invoiceId },
        ],
        credit_grant_type: null,
        invoice_id: null,
        products: [{ id: ids.calls, name: "Calls" }],
        reason: null,
        uniqueness_key: null,
      },
    ] satisfies CreditGrantListResponse[]);
    expect((await c().v1.creditGrants.list({ credit_grant_ids: [ids.prepaid] })).data.map((g) => g.id)).toEqual([ids.prepaid]);
    expect((await c().v1.creditGrants.list({ customer_ids: [ids.customer], not_expiring_before: LATER })).data.map((g) => g.id)).toEqual([ids.prepaid]);
  });

  it("edits a grant's name, type and expiry", async () => {
    expect((await c().v1.creditGrants.edit({ id: ids.promo, name: "Promo (renamed)", expires_at: LATER, credit_grant_type: "promotional" })).data).toEqual({ id: ids.promo });
    const [promo] = (await c().v1.creditGrants.list({ credit_grant_ids: [ids.promo] })).data;
    expect([promo!.name, promo!.expires_at, promo!.credit_grant_type, promo!.balance.including_pending]).toEqual(["Promo (renamed)", LATER, "promotional", 0]);
    expect((await applied()).lines[0]).toEqual(["Promo (renamed)", -100, { id: ids.promo, type: "CREDIT" }]);
  });

  it("lists each customer's ledger with starting and ending balances", async () => {
    const invoiceId = (await draft()).id;
    const entry = (grant: string, amount: number, reason: string, running: number, invoice: string | null = null) => ({
      amount,
      created_by: "Rateline",
      credit_grant_id: grant,
      effective_at: THIS,
      reason,
      running_balance: running,
      invoice_id: invoice,
    });
    const ledgers: CreditGrantListEntriesResponse[] = await allPages(c().v1.creditGrants.listEntries({ customer_ids: [ids.customer] }));
    expect(ledgers).toEqual([
      {
        customer_id: ids.customer,
        ledgers: [
          {
            credit_type: USD,
            starting_balance: { effective_at: THIS, excluding_pending: 0, including_pending: 0 },
            ending_balance: { effective_at: NEXT, excluding_pending: 1100, including_pending: 757 },
            entries: [entry(ids.promo, 100, "Credit grant", 100), entry(ids.prepaid, 1000, "Credit grant", 1100)],
            pending_entries: [entry(ids.promo, -100, "Invoice deduction", 1000, invoiceId), entry(ids.prepaid, -243, "Invoice deduction", 757, invoiceId)],
          },
        ],
      },
    ] satisfies CreditGrantListEntriesResponse[]);
    const desc = (await c().v1.creditGrants.listEntries({ customer_ids: [ids.customer], sort: "desc" })).data[0]!.ledgers[0]!;
    expect(desc.entries.map((e) => e.credit_grant_id)).toEqual([ids.prepaid, ids.promo]);
    await expect(c().v1.creditGrants.listEntries({ customer_ids: [ids.customer], ending_before: LATER })).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("ending_before") } });
  });

  it("voids a grant: the lists leave it out and the draft stops drawing on it", async () => {
    expect((await c().v1.creditGrants.void({ id: ids.promo })).data).toEqual({ id: ids.promo });
    expect((await c().v1.creditGrants.list({ customer_ids: [ids.customer] })).data.map((g) => g.id)).toEqual([ids.prepaid]);
    expect(await applied()).toEqual({ total: 0, lines: [["Prepaid", -343, { id: ids.prepaid, type: "CREDIT" }]] });
    await expect(c().v1.creditGrants.void({ id: ids.promo })).rejects.toMatchObject({ status: 404 });
    await expect(c().v1.creditGrants.edit({ id: ids.promo, name: "Back" })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses what it cannot honour, naming it", async () => {
    const grant = {
      customer_id: ids.customer,
      name: "Refused",
      grant_amount: { amount: 10, credit_type_id: USD.id },
      paid_amount: { amount: 0, credit_type_id: USD.id },
      priority: 1,
      expires_at: LATER,
    };
    const refusal = (message: string) => ({ status: 400, error: { message: expect.stringContaining(message) } });
    await expect(c().v1.creditGrants.create({ ...grant, rollover_settings: { expires_at: LATER, priority: 1, rollover_amount: { type: "MAX_AMOUNT", value: 5 } } })).rejects.toMatchObject(
      refusal("`rollover_settings` is not supported"),
    );
    await expect(c().v1.creditGrants.create({ ...grant, invoice_date: THIS })).rejects.toMatchObject(refusal("`invoice_date` is not supported"));
    await expect(c().v1.creditGrants.create({ ...grant, paid_amount: { amount: 500, credit_type_id: USD.id } })).rejects.toMatchObject(refusal("paid_amount.amount"));
    await expect(c().v1.creditGrants.create({ ...grant, grant_amount: { amount: 10.5, credit_type_id: USD.id } })).rejects.toMatchObject(refusal("grant_amount.amount"));
    await expect(c().v1.creditGrants.create({ ...grant, colour: "red" } as typeof grant)).rejects.toMatchObject(refusal("`colour` is not a field of this request"));
    expect((await c().v1.creditGrants.list({ customer_ids: [ids.customer] })).data.map((g) => g.name)).toEqual(["Prepaid"]);
  });
});
