import type { Invoice, InvoiceRetrieveResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages } from "@/lib/test-support/all-pages";
import { month, UUID } from "@/lib/test-support/months";

// The server prices at the real clock, so the contract runs from the start of last month: last
// month is an open period (never closed) and this month the current one. Events are dated at
// instants already past whatever the day: last month's 2nd, and this month's first instant.
//
//   API calls FLAT 10: last month 300 (3000); this month 10 (100)
//   Tokens TIERED 2 up to 1000, then 1, per region: this month us 1500 (2500)
//   Trial credit (contract) 4000 for last month, priority 1, any product
//   Annual commit (customer) 4000 for a year, priority 2, API calls only, bought last month's 1st
//   Token credit (customer) 500 this month, priority 0, tokens only
//
// Last month: 3000 + 4000 purchase − 3000 credit = 4000. This month: 2600 − 500 − 100 = 2000.

const USD = { id: USD_CENTS.id, name: USD_CENTS.name };
const NOBODY = "00000000-0000-4000-8000-000000000000";

const LAST = month(-1);
const THIS = month(0);
const NEXT = month(1);

describeEachDatabase("invoices and balances REST API", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", contract: "", api: "", tokens: "", fixed: "", commit: "", credit: "", tokenCredit: "" };

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_BACKDATE_DAYS: "70" });
    const c = server.client;
    const calls = (await c.v1.billableMetrics.create({ name: "API calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    const tokens = (
      await c.v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", event_type_filter: { in_values: ["completion"] }, property_filters: [{ name: "tokens", exists: true }], group_keys: [["region"]] })
    ).data.id;
    ids.api = (await c.v1.contracts.products.create({ name: "API calls", type: "USAGE", billable_metric_id: calls, tags: ["platform"] })).data.id;
    ids.tokens = (await c.v1.contracts.products.create({ name: "Tokens", type: "USAGE", billable_metric_id: tokens, presentation_group_key: ["region"] })).data.id;
    ids.fixed = (await c.v1.contracts.products.create({ name: "Prepaid balance", type: "FIXED" })).data.id;
    const card = (await c.v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c.v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: ids.api, entitled: true, rate_type: "FLAT", price: 10, starting_at: LAST });
    await c.v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: ids.tokens, entitled: true, rate_type: "TIERED", tiers: [{ size: 1000, price: 2 }, { price: 1 }], starting_at: LAST });
    ids.customer = (await c.v1.customers.create({ name: "Acme", ingest_aliases: ["acme-api"] })).data.id;
    ids.contract = (
      await c.v1.contracts.create({
        customer_id: ids.customer,
        starting_at: LAST,
        rate_card_id: card,
        credits: [{ product_id: ids.fixed, name: "Trial credit", priority: 1, access_schedule: { schedule_items: [{ amount: 4000, starting_at: LAST, ending_before: THIS }] } }],
      })
    ).data.id;
    ids.commit = (
      await c.v1.customers.commits.create({
        customer_id: ids.customer,
        type: "PREPAID",
        product_id: ids.fixed,
        name: "Annual commit",
        priority: 2,
        applicable_product_ids: [ids.api],
        access_schedule: { schedule_items: [{ amount: 4000, starting_at: LAST, ending_before: month(11) }] },
        invoice_schedule: { schedule_items: [{ timestamp: LAST, amount: 4000 }] },
        invoice_contract_id: ids.contract,
      })
    ).data.id;
    ids.tokenCredit = (
      await c.v1.customers.credits.create({
        customer_id: ids.customer,
        product_id: ids.fixed,
        name: "Token credit",
        priority: 0,
        applicable_product_ids: [ids.tokens],
        access_schedule: { schedule_items: [{ amount: 500, starting_at: THIS, ending_before: NEXT }] },
      })
    ).data.id;
    const secondOfLast = new Date(Date.parse(LAST) + 33 * 3600_000).toISOString();
    await c.v1.usage.ingest({
      usage: [
        ...Array.from({ length: 300 }, (_, i) => ({ transaction_id: `last-${i}`, customer_id: "acme-api", event_type: "api_call", timestamp: secondOfLast })),
        ...Array.from({ length: 10 }, (_, i) => ({ transaction_id: `this-${i}`, customer_id: "acme-api", event_type: "api_call", timestamp: THIS })),
        { transaction_id: "tok-1", customer_id: "acme-api", event_type: "completion", timestamp: THIS, properties: { region: "us", tokens: 1500 } },
      ],
    });
  });
  afterAll(() => server.stop());

  it("lists the live drafts with for await, field for field in Metronome's shape", async () => {
    const invoices: Invoice[] = await allPages(server.client.v1.customers.invoices.list({ customer_id: ids.customer, limit: 1 }));
    expect(invoices.map((i) => [i.type, i.status, i.start_timestamp, i.end_timestamp, i.subtotal, i.total])).toEqual([
      ["SCHEDULED", "DRAFT", LAST, LAST, 4000, 4000],
      ["USAGE", "DRAFT", LAST, THIS, 3000, 0],
      ["USAGE", "DRAFT", THIS, NEXT, 2600, 2000],
    ]);
    const [purchase, last, current] = invoices;
    const trialCredit = (await server.client.v1.customers.credits.list({ customer_id: ids.customer, include_contract_credits: true }).then((p) => p.data)).find((c) => c.name === "Trial credit")!;
    // The commit's purchase is billed on its date, on a SCHEDULED invoice of the contract.
    expect(purchase).toEqual({
      id: UUID,
      customer_id: ids.customer,
      contract_id: ids.contract,
      type: "SCHEDULED",
      status: "DRAFT",
      credit_type: USD,
      start_timestamp: LAST,
      end_timestamp: LAST,
      subtotal: 4000,
      total: 4000,
      net_payment_terms_days: 0,
      // None set here; custom-fields.api.test.ts reads them back with values.
      customer_custom_fields: {},
      contract_custom_fields: {},
      line_items: [
        {
          name: "Annual commit",
          type: "commit_purchase",
          total: 4000,
          credit_type: USD,
          starting_at: LAST,
          ending_before: LAST,
          quantity: 1,
          unit_price: 4000,
          product_id: ids.fixed,
          product_type: "FixedProductListItem",
          product_tags: [],
          product_custom_fields: {},
          commit_id: ids.commit,
          commit_custom_fields: {},
          commit_type: "PrepaidCommit",
        },
      ],
    } satisfies Invoice);
    expect(last).toEqual({
      id: UUID,
      customer_id: ids.customer,
      contract_id: ids.contract,
      type: "USAGE",
      status: "DRAFT",
      credit_type: USD,
      start_timestamp: LAST,
      end_timestamp: THIS,
      subtotal: 3000,
      total: 0,
      net_payment_terms_days: 0,
      customer_custom_fields: {},
      contract_custom_fields: {},
      line_items: [
        {
          name: "API calls",
          type: "usage",
          total: 3000,
          credit_type: USD,
          starting_at: LAST,
          ending_before: THIS,
          quantity: 300,
          unit_price: 10,
          product_id: ids.api,
          product_type: "UsageProductListItem",
          product_tags: ["platform"],
          product_custom_fields: {},
        },
        {
          name: "Trial credit",
          type: "applied_commit_or_credit",
          total: -3000,
          credit_type: USD,
          starting_at: LAST,
          ending_before: THIS,
          product_id: ids.fixed,
          product_type: "FixedProductListItem",
          product_tags: [],
          product_custom_fields: {},
          commit_id: trialCredit.id,
          commit_custom_fields: {},
          commit_segment_id: trialCredit.access_schedule!.schedule_items[0]!.id,
          commit_type: "PrepaidCommit",
          applied_commit_or_credit: { id: trialCredit.id, type: "CREDIT" },
        },
      ],
    } satisfies Invoice);

    const tokens = current!.line_items.find((l) => l.product_id === ids.tokens);
    expect(tokens).toEqual({
      name: "Tokens",
      type: "usage",
      total: 2500,
      credit_type: USD,
      starting_at: THIS,
      ending_before: NEXT,
      quantity: 1500,
      product_id: ids.tokens,
      product_type: "UsageProductListItem",
      product_tags: [],
      product_custom_fields: {},
      presentation_group_values: { region: "us" },
      group_key: "region",
      group_value: "us",
      sub_line_items: [
        {
          name: "Tokens",
          custom_fields: {},
          quantity: 1500,
          subtotal: 2500,
          tiers: [
            { starting_at: 0, quantity: 1000, price: 2, subtotal: 2000 },
            { starting_at: 1000, quantity: 500, price: 1, subtotal: 500 },
          ],
        },
      ],
    } satisfies Invoice.LineItem);
    expect(current!.line_items.filter((l) => l.type === "applied_commit_or_credit").map((l) => [l.name, l.total, l.applied_commit_or_credit])).toEqual([
      ["Token credit", -500, { id: ids.tokenCredit, type: "CREDIT" }],
      ["Annual commit", -100, { id: ids.commit, type: "PREPAID" }],
    ]);
  });

  it("retrieves a draft by its stable id, exact numbers on the wire", async () => {
    const listed = (await server.client.v1.customers.invoices.list({ customer_id: ids.customer })).data;
    const again = (await server.client.v1.customers.invoices.list({ customer_id: ids.customer })).data;
    expect(again.map((i) => i.id)).toEqual(listed.map((i) => i.id));
    const retrieved: InvoiceRetrieveResponse = await server.client.v1.customers.invoices.retrieve({ customer_id: ids.customer, invoice_id: listed[1]!.id });
    expect(retrieved).toEqual({ data: listed[1] });
    const raw = await (await server.fetch(`/v1/customers/${ids.customer}/invoices/${listed[0]!.id}`)).text();
    expect(raw).toContain('"subtotal":4000,"total":4000');
  });

  it("filters as the SDK asks", async () => {
    const list = (params: Record<string, unknown>) => allPages(server.client.v1.customers.invoices.list({ customer_id: ids.customer, ...params }));
    expect((await list({ status: "FINALIZED" })).length).toBe(0);
    expect((await list({ ending_before: THIS })).map((i) => [i.type, i.start_timestamp])).toEqual([["SCHEDULED", LAST], ["USAGE", LAST]]);
    expect((await list({ starting_on: THIS })).map((i) => i.start_timestamp)).toEqual([THIS]);
    expect((await list({ sort: "date_desc" })).map((i) => i.start_timestamp)).toEqual([THIS, LAST, LAST]);
    expect((await list({ type: "SCHEDULED" })).map((i) => i.start_timestamp)).toEqual([LAST]);
    expect((await list({ contract_id: ids.contract, credit_type_id: USD_CENTS.id, type: "USAGE" })).length).toBe(2);
    const current = (await list({ starting_on: THIS, skip_zero_qty_line_items: true }))[0]!;
    expect(current.total).toBe(2000);
  });

  it("answers bad input with a 400 naming the field and unknown ids with a 404", async () => {
    const get = async (path: string) => {
      const response = await server.fetch(path);
      return { status: response.status, body: await response.json() };
    };
    expect(await get(`/v1/customers/${ids.customer}/invoices?status=PAID`)).toEqual({ status: 400, body: { message: expect.stringMatching(/status/), fields: { status: expect.any(String) } } });
    expect((await get(`/v1/customers/${ids.customer}/invoices?starting_on=yesterday`)).body.fields).toHaveProperty(["starting_on"]);
    expect((await get(`/v1/customers/${ids.customer}/invoices?next_page=bogus`)).status).toBe(400);
    expect((await get(`/v1/customers/${NOBODY}/invoices`)).status).toBe(404);
    expect((await get(`/v1/customers/not-an-id/invoices`)).status).toBe(404);
    expect(await get(`/v1/customers/${ids.customer}/invoices/${NOBODY}`)).toEqual({ status: 404, body: { message: "No invoice has that id for this customer." } });
    expect((await server.fetch(`/v1/customers/${ids.customer}/invoices`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });

  it("lists commits, credits and balances with their ledgers, and the net balance", async () => {
    const c = server.client;
    const commits = await allPages(c.v1.customers.commits.list({ customer_id: ids.customer, include_balance: true, include_ledgers: true }));
    const [drafts0, drafts1] = (await c.v1.customers.invoices.list({ customer_id: ids.customer, type: "USAGE" })).data.map((i) => i.id);
    expect(commits).toEqual([
      {
        id: ids.commit,
        created_at: expect.any(String),
        product: { id: ids.fixed, name: "Prepaid balance" },
        type: "PREPAID",
        name: "Annual commit",
        priority: 2,
        access_schedule: { credit_type: USD, schedule_items: [{ id: UUID, amount: 4000, starting_at: LAST, ending_before: month(11) }] },
        invoice_schedule: { credit_type: USD, schedule_items: [{ id: UUID, timestamp: LAST, amount: 4000, quantity: 1, unit_price: 4000, invoice_id: null }] },
        applicable_product_ids: [ids.api],
        applicable_product_tags: [],
        custom_fields: {},
        balance: 3900,
        ledger: [
          { type: "PREPAID_COMMIT_SEGMENT_START", amount: 4000, segment_id: UUID, timestamp: LAST },
          { type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount: -100, segment_id: UUID, timestamp: THIS, invoice_id: drafts1!, contract_id: ids.contract },
        ],
      },
    ]);
    const credits = await allPages(c.v1.customers.credits.list({ customer_id: ids.customer, include_contract_credits: true, include_balance: true, include_ledgers: true }));
    expect(credits.map((cr) => [cr.name, cr.type, cr.contract?.id, cr.balance])).toEqual([
      ["Trial credit", "CREDIT", ids.contract, 0],
      ["Token credit", "CREDIT", undefined, 0],
    ]);
    expect(credits[0]!.ledger!.map((l) => [l.type, l.amount, l.timestamp, "invoice_id" in l ? l.invoice_id : null])).toEqual([
      ["CREDIT_SEGMENT_START", 4000, LAST, null],
      ["CREDIT_AUTOMATED_INVOICE_DEDUCTION", -3000, LAST, drafts0],
      ["CREDIT_EXPIRATION", -1000, THIS, null],
    ]);
    expect(await allPages(c.v1.customers.credits.list({ customer_id: ids.customer }))).toEqual([expect.objectContaining({ id: ids.tokenCredit })]);

    const balances = await allPages(c.v1.contracts.listBalances({ customer_id: ids.customer, include_contract_balances: true, include_balance: true, limit: 1 }));
    expect(balances.map((b) => [b.type, b.name, b.balance])).toEqual([
      ["CREDIT", "Trial credit", 0],
      ["PREPAID", "Annual commit", 3900],
      ["CREDIT", "Token credit", 0],
    ]);
    expect((await allPages(c.v1.contracts.listBalances({ customer_id: ids.customer, include_contract_balances: true, exclude_zero_balances: true }))).map((b) => b.id)).toEqual([ids.commit]);
    expect(await c.v1.contracts.getNetBalance({ customer_id: ids.customer })).toEqual({ data: { balance: 3900, credit_type_id: USD_CENTS.id } });
    expect(await c.v1.contracts.getNetBalance({ customer_id: ids.customer, filters: [{ balance_types: ["CREDIT"] }] })).toEqual({ data: { balance: 0, credit_type_id: USD_CENTS.id } });
  });

  it("adds manual ledger entries, refusing to take a balance below zero", async () => {
    const c = server.client;
    const segment = (await c.v1.customers.commits.list({ customer_id: ids.customer })).data[0]!.access_schedule!.schedule_items[0]!.id;
    const entry = { id: ids.commit, customer_id: ids.customer, segment_id: segment, reason: "Outage" };
    const refused = await server.fetch("/v1/contracts/addManualBalanceLedgerEntry", { method: "POST", json: { ...entry, amount: -4000 } });
    expect([refused.status, await refused.json()]).toEqual([422, { message: expect.stringMatching(/holds 3900/), fields: { amount: "At most 3900 can be taken" } }]);
    await c.v1.contracts.addManualBalanceEntry({ ...entry, amount: -900 });
    const commit = (await c.v1.customers.commits.list({ customer_id: ids.customer, include_balance: true, include_ledgers: true })).data[0]!;
    expect(commit.balance).toBe(3000);
    expect(commit.ledger).toContainEqual({ type: "PREPAID_COMMIT_MANUAL", amount: -900, reason: "Outage", timestamp: LAST });
    const bad = await server.fetch("/v1/contracts/addManualBalanceLedgerEntry", { method: "POST", json: { ...entry, amount: 0.5 } });
    expect([bad.status, (await bad.json()).fields]).toEqual([400, { amount: expect.any(String) }]);
  });

  it("refuses bad commits and credits with a 400 naming the field", async () => {
    const post = async (path: string, json: unknown) => {
      const response = await server.fetch(`/v1/contracts/${path}`, { method: "POST", json });
      return { status: response.status, body: await response.json() };
    };
    const schedule = { schedule_items: [{ amount: 100, starting_at: THIS, ending_before: NEXT }] };
    expect(await post("customerCredits/create", { customer_id: ids.customer, product_id: ids.api, priority: 1, access_schedule: schedule })).toEqual({
      status: 400,
      body: { message: expect.stringMatching(/FIXED/), fields: { product_id: "Must be a FIXED product (this one is USAGE)" } },
    });
    const offHour = await post("customerCommits/create", { customer_id: ids.customer, type: "PREPAID", product_id: ids.fixed, priority: 1, access_schedule: { schedule_items: [{ amount: -1, starting_at: "2026-01-01T00:30:00Z", ending_before: NEXT }] } });
    expect([offHour.status, Object.keys(offHour.body.fields).sort()]).toEqual([400, ["access_schedule.schedule_items.0.amount", "access_schedule.schedule_items.0.starting_at"]]);
    expect((await post("customerCredits/create", [])).status).toBe(400);
    expect((await post("customerBalances/list", { customer_id: NOBODY })).status).toBe(404);
    expect((await post("customerBalances/getNetBalance", { customer_id: ids.customer, invoice_inclusion_mode: "SOMETIMES" })).body.fields).toHaveProperty(["invoice_inclusion_mode"]);
  });
});
