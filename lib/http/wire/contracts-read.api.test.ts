import type { ContractRetrieveResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { billingClose } from "@/lib/test-support/billing-close";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { month, UUID } from "@/lib/test-support/months";

// Reading contracts through the SDK: v1's get and list (initial terms, amendments, current), and
// v2's, each in the SDK's types, with balances and ledgers after a finalized invoice drew down.
// The server prices at the real clock: contract A runs from the first of last month, which
// `billing:close` finalizes; this month is a live draft.
//
//   Calls: list FLAT 3, overwritten on A to FLAT 2.5 (in USD cents, named)
//   Last month 137 calls: 342.5, rounded half-up to 343. The trial credit (100, priority 1) goes
//   first, the prepaid commit (1000, priority 2) takes the other 243: the invoice's total is 0.
//   This month 10 calls: 25, drawn from the commit by the live draft.
//   A manual entry takes 12 more: the commit holds 1000 − 243 − 12 − 25 = 720.
//
// Contracts B (month +2 to +4) and C (from month +4, archived) follow A, which ends at month +2.

const USD = { id: USD_CENTS.id, name: USD_CENTS.name };

const LAST = month(-1);
const THIS = month(0);

describeEachDatabase("contracts read through the SDK, v1 and v2", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", calls: "", fixed: "", seats: "", card: "", a: "", b: "", c: "", finalized: "", draft: "", amendment: "", commit: "", segment: "" };
  const c = () => server.client;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: "0", RATELINE_BACKDATE_DAYS: "70" });
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    ids.calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: "Prepaid", type: "FIXED" })).data.id;
    ids.seats = (await c().v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.addMany({
      rate_card_id: ids.card,
      rates: [
        { product_id: ids.calls, entitled: true, rate_type: "FLAT", price: 3, starting_at: LAST },
        { product_id: ids.seats, entitled: true, rate_type: "SUBSCRIPTION", price: 1000, billing_frequency: "MONTHLY", starting_at: LAST },
      ],
    });
    ids.customer = (await c().v1.customers.create({ name: "Ledger Co" })).data.id;
    // Usage first: whenever a close runs after A exists, it sees all of last month's.
    const secondOfLast = new Date(Date.parse(LAST) + 33 * 3600_000).toISOString();
    await c().v1.usage.ingest({
      usage: [
        ...Array.from({ length: 137 }, (_, i) => ({ transaction_id: `last-${i}`, customer_id: ids.customer, event_type: "api_call", timestamp: secondOfLast })),
        ...Array.from({ length: 10 }, (_, i) => ({ transaction_id: `this-${i}`, customer_id: ids.customer, event_type: "api_call", timestamp: THIS })),
      ],
    });
    ids.a = (
      await c().v1.contracts.create({
        customer_id: ids.customer,
        rate_card_id: ids.card,
        starting_at: LAST,
        ending_before: month(2),
        name: "Ledgered",
        net_payment_terms_days: 30,
        overrides: [{ starting_at: LAST, product_id: ids.calls, type: "OVERWRITE", overwrite_rate: { rate_type: "FLAT", price: 2.5, credit_type_id: USD.id } }],
        credits: [{ product_id: ids.fixed, name: "Trial", priority: 1, access_schedule: { schedule_items: [{ amount: 100, starting_at: LAST, ending_before: THIS }] } }],
        commits: [
          {
            type: "PREPAID",
            product_id: ids.fixed,
            name: "Prepaid",
            priority: 2,
            access_schedule: { schedule_items: [{ amount: 1000, starting_at: LAST, ending_before: month(2) }] },
            invoice_schedule: { schedule_items: [{ timestamp: LAST, amount: 1000 }] },
          },
        ],
      })
    ).data.id;
    const closed = await billingClose(server);
    expect(closed.status, closed.output).toBe(0);
    const invoices = (await c().v1.customers.invoices.list({ customer_id: ids.customer, type: "USAGE" })).data;
    ids.finalized = invoices.find((i) => i.status === "FINALIZED" && i.start_timestamp === LAST)!.id;
    ids.draft = invoices.find((i) => i.status === "DRAFT" && i.start_timestamp === THIS)!.id;

    const commit = (await c().v1.customers.commits.list({ customer_id: ids.customer, include_contract_commits: true })).data[0]!;
    ids.commit = commit.id;
    ids.segment = commit.access_schedule!.schedule_items[0]!.id;
    await c().v1.contracts.addManualBalanceEntry({ id: ids.commit, customer_id: ids.customer, contract_id: ids.a, segment_id: ids.segment, amount: -12, reason: "Goodwill correction", timestamp: THIS });
    await c().v1.contracts.amend({
      customer_id: ids.customer,
      contract_id: ids.a,
      starting_at: month(1),
      overrides: [{ starting_at: month(1), product_id: ids.calls, type: "MULTIPLIER", multiplier: 0.5 }],
      credits: [{ product_id: ids.fixed, name: "Amended", priority: 3, access_schedule: { schedule_items: [{ amount: 200, starting_at: month(1), ending_before: month(2) }] } }],
    });
    await c().v2.contracts.edit({
      customer_id: ids.customer,
      contract_id: ids.a,
      update_contract_name: "Ledgered (renamed)",
      add_credits: [{ product_id: ids.fixed, name: "Edited in", priority: 4, access_schedule: { schedule_items: [{ amount: 50, starting_at: month(1), ending_before: month(2) }] } }],
    });
    ids.amendment = (await c().v2.contracts.getEditHistory({ customer_id: ids.customer, contract_id: ids.a })).data.find((e) => (e as { kind?: string }).kind === "AMEND")!.id;

    ids.b = (
      await c().v1.contracts.create({
        customer_id: ids.customer,
        rate_card_id: ids.card,
        starting_at: month(2),
        ending_before: month(4),
        name: "Renewal",
        multiplier_override_prioritization: "EXPLICIT",
        overrides: [
          { starting_at: month(2), ending_before: month(3), product_id: ids.calls, type: "OVERWRITE", overwrite_rate: { rate_type: "TIERED", tiers: [{ size: 100, price: 2.5 }, { price: 1.25 }] }, priority: 1 },
          { starting_at: month(3), product_id: ids.calls, type: "TIERED", tiers: [{ size: 1000, multiplier: 0.9 }, { multiplier: 0.8 }], priority: 2 },
        ],
        scheduled_charges: [{ product_id: ids.fixed, name: "Onboarding", custom_fields: { po: "17" }, schedule: { schedule_items: [{ timestamp: month(2), amount: 150 }] } }],
        discounts: [{ product_id: ids.fixed, name: "Launch discount", schedule: { schedule_items: [{ timestamp: month(2), quantity: 2, unit_price: 25 }] } }],
        subscriptions: [{ collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { product_id: ids.seats, billing_frequency: "MONTHLY" }, initial_quantity: 3, description: "Seats for the team" }],
      })
    ).data.id;
    ids.c = (await c().v1.contracts.create({ customer_id: ids.customer, rate_card_id: ids.card, starting_at: month(4), name: "Abandoned" })).data.id;
    await c().v1.contracts.archive({ customer_id: ids.customer, contract_id: ids.c, void_invoices: false });
  });
  afterAll(() => server?.stop());

  const commitLedger = () => [
    { type: "PREPAID_COMMIT_SEGMENT_START", amount: 1000, segment_id: ids.segment, timestamp: LAST },
    { type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount: -243, segment_id: ids.segment, timestamp: LAST, invoice_id: ids.finalized, contract_id: ids.a },
    { type: "PREPAID_COMMIT_MANUAL", amount: -12, reason: "Goodwill correction", timestamp: THIS },
    { type: "PREPAID_COMMIT_AUTOMATED_INVOICE_DEDUCTION", amount: -25, segment_id: ids.segment, timestamp: THIS, invoice_id: ids.draft, contract_id: ids.a },
  ];

  it("finalized last month with the credit and the commit drawn to the cent", async () => {
    const invoice = (await c().v1.customers.invoices.retrieve({ customer_id: ids.customer, invoice_id: ids.finalized })).data;
    expect([invoice.status, invoice.subtotal, invoice.total]).toEqual(["FINALIZED", 343, 0]);
    expect(invoice.line_items.filter((l) => l.type === "applied_commit_or_credit").map((l) => l.total).sort((x, y) => x - y)).toEqual([-243, -100]);
  });

  it("v2 get: overwrite rates in numbers with their credit type, each commit's and credit's ledger and balance", async () => {
    const { data } = await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.a, include_balance: true, include_ledgers: true });
    expect(data.overrides).toEqual([
      {
        id: UUID,
        created_at: expect.any(String),
        starting_at: LAST,
        type: "OVERWRITE",
        product: { id: ids.calls, name: "Calls" },
        applicable_product_tags: [],
        overwrite_rate: { rate_type: "FLAT", price: 2.5, credit_type: USD },
        is_commit_specific: false,
      },
      expect.objectContaining({ type: "MULTIPLIER", multiplier: 0.5, starting_at: month(1) }),
    ]);
    expect(data.commits).toEqual([
      expect.objectContaining({ id: ids.commit, name: "Prepaid", type: "PREPAID", priority: 2, balance: 720, ledger: commitLedger(), contract: { id: ids.a } }),
    ]);
    const trial = data.credits!.find((cr) => cr.name === "Trial")!;
    expect(trial).toMatchObject({ type: "CREDIT", balance: 0, created_at: expect.any(String) });
    expect(trial.ledger).toEqual([
      { type: "CREDIT_SEGMENT_START", amount: 100, segment_id: trial.access_schedule!.schedule_items[0]!.id, timestamp: LAST },
      { type: "CREDIT_AUTOMATED_INVOICE_DEDUCTION", amount: -100, segment_id: trial.access_schedule!.schedule_items[0]!.id, timestamp: LAST, invoice_id: ids.finalized, contract_id: ids.a },
    ]);
    // Not started: nothing held, nothing in the ledger yet.
    expect(data.credits!.filter((cr) => cr.name !== "Trial").map((cr) => [cr.name, cr.balance, cr.ledger])).toEqual([
      ["Amended", 0, []],
      ["Edited in", 0, []],
    ]);
    const raw = await (await server.fetch("/v2/contracts/get", { method: "POST", json: { customer_id: ids.customer, contract_id: ids.a } })).text();
    expect(raw).toContain(`"overwrite_rate":{"rate_type":"FLAT","price":2.5,"credit_type":{"id":"${USD.id}"`);
    expect(raw).not.toMatch(/"ledger"|"balance"/);
  });

  it("v2 get: ledgers without balances when only ledgers are asked for, and balances as of a date", async () => {
    const { data } = await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.a, include_ledgers: true });
    expect(data.commits[0]!.ledger).toEqual(commitLedger());
    expect(data.commits[0]).not.toHaveProperty("balance");
    // As of last month's end the live draft had drawn nothing yet; the manual entry (dated this month) counts.
    const asOf = await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.a, include_balance: true, as_of_date: new Date(Date.parse(THIS) - 3600_000).toISOString() });
    expect(asOf.data.commits[0]!.balance).toBe(1000 - 243 - 12);
  });

  it("v2 get: charges and discounts as they were given, tiers in numbers, subscriptions with their description", async () => {
    const { data } = await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.b });
    expect(data.overrides.map((o) => [o.type, o.overwrite_rate, o.override_tiers])).toEqual([
      ["OVERWRITE", { rate_type: "TIERED", tiers: [{ size: 100, price: 2.5 }, { price: 1.25 }] }, undefined],
      ["TIERED", undefined, [{ size: 1000, multiplier: 0.9 }, { multiplier: 0.8 }]],
    ]);
    expect(data.scheduled_charges).toEqual([
      {
        id: UUID,
        name: "Onboarding",
        product: { id: ids.fixed, name: "Prepaid" },
        custom_fields: { po: "17" },
        schedule: { schedule_items: [{ id: UUID, timestamp: month(2), amount: 150, quantity: 1, unit_price: 150, invoice_id: null }] },
      },
    ]);
    expect(data.discounts!.map((d) => [d.name, d.schedule.schedule_items!.map((i) => [i.amount, i.quantity, i.unit_price])])).toEqual([["Launch discount", [[50, 2, 25]]]]);
    expect(data.subscriptions).toEqual([
      expect.objectContaining({ description: "Seats for the team", quantity_schedule: [{ quantity: 3, starting_at: month(2), ending_before: month(4) }], quantity_management_mode: "QUANTITY_ONLY" }),
    ]);
    expect(data.usage_statement_schedule).toEqual({ frequency: "MONTHLY", billing_anchor_date: month(2) });
    expect(data.multiplier_override_prioritization).toBe("EXPLICIT");
    expect(data.overrides.map((o) => o.priority)).toEqual([1, 2]);
  });

  it("v1 get: the initial terms, each amendment's, and the current ones together", async () => {
    const response: ContractRetrieveResponse = await c().v1.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.a, include_balance: true, include_ledgers: true });
    const { data } = response;
    const header = { created_at: expect.any(String), created_by: expect.any(String), starting_at: LAST, ending_before: month(2), rate_card_id: ids.card, net_payment_terms_days: 30, transitions: [], usage_statement_schedule: { frequency: "MONTHLY", billing_anchor_date: LAST } };
    expect(data).toMatchObject({ id: ids.a, customer_id: ids.customer, custom_fields: {}, subscriptions: [], percentage_discounts: [], multiplier_override_prioritization: "LOWEST_MULTIPLIER" });
    expect(data.initial).toMatchObject({ ...header, name: "Ledgered", scheduled_charges: [], discounts: [] });
    expect(data.initial.overrides.map((o) => [o.type, o.overwrite_rate])).toEqual([["OVERWRITE", { rate_type: "FLAT", price: 2.5, credit_type: USD }]]);
    expect(data.initial.commits.map((cm) => [cm.name, cm.balance, cm.ledger])).toEqual([["Prepaid", 720, commitLedger()]]);
    expect(data.initial.credits!.map((cr) => cr.name)).toEqual(["Trial"]);

    expect(data.amendments).toEqual([
      {
        id: ids.amendment,
        created_at: expect.any(String),
        created_by: expect.any(String),
        starting_at: month(1),
        overrides: [expect.objectContaining({ type: "MULTIPLIER", multiplier: 0.5 })],
        commits: [],
        credits: [expect.objectContaining({ name: "Amended", type: "CREDIT", balance: 0 })],
        scheduled_charges: [],
        discounts: [],
      },
    ]);
    // A v2 edit's terms and renaming show in `current` only.
    expect(data.current).toMatchObject({ ...header, name: "Ledgered (renamed)" });
    expect(data.current.overrides.map((o) => o.type)).toEqual(["OVERWRITE", "MULTIPLIER"]);
    expect(data.current.credits!.map((cr) => cr.name)).toEqual(["Trial", "Amended", "Edited in"]);
    expect(data.current.commits.map((cm) => cm.balance)).toEqual([720]);
  });

  it("v1 get: no balances or ledgers unless asked for; B's charges and subscription in v1's places", async () => {
    const a = (await c().v1.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.a })).data;
    expect(a.current.commits[0]).not.toHaveProperty("balance");
    expect(a.current.commits[0]).not.toHaveProperty("ledger");
    const b = (await c().v1.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.b })).data;
    expect(b.amendments).toEqual([]);
    expect(b.initial.scheduled_charges.map((s) => [s.name, s.custom_fields, s.schedule.schedule_items![0]!.amount])).toEqual([["Onboarding", { po: "17" }, 150]]);
    expect(b.initial.discounts!.map((d) => d.schedule.schedule_items![0]!.amount)).toEqual([50]);
    expect(b.current.overrides.map((o) => o.type)).toEqual(["OVERWRITE", "TIERED"]);
    expect(b.subscriptions!.map((s) => [s.description, s.subscription_rate.product.name])).toEqual([["Seats for the team", "Seats"]]);
  });

  it("v1 and v2 list: oldest first, covering_date and starting_at filters, archived contracts on request", async () => {
    const lists = [
      async (p: object) => (await c().v1.contracts.list({ customer_id: ids.customer, ...p })).data.map((k) => k.id),
      async (p: object) => (await c().v2.contracts.list({ customer_id: ids.customer, ...p })).data.map((k) => k.id),
    ];
    for (const idsOf of lists) {
      expect(await idsOf({})).toEqual([ids.a, ids.b]);
      expect(await idsOf({ include_archived: true })).toEqual([ids.a, ids.b, ids.c]);
      expect(await idsOf({ covering_date: THIS })).toEqual([ids.a]);
      expect(await idsOf({ covering_date: month(3) })).toEqual([ids.b]);
      expect(await idsOf({ covering_date: month(5), include_archived: true })).toEqual([ids.c]);
      expect(await idsOf({ starting_at: month(2) })).toEqual([ids.b]);
      expect(await idsOf({ starting_at: month(2), include_archived: true })).toEqual([ids.b, ids.c]);
    }
    const v1 = (await c().v1.contracts.list({ customer_id: ids.customer, include_balance: true, include_ledgers: true })).data;
    expect(v1[0]!.current.commits.map((cm) => [cm.balance, cm.ledger])).toEqual([[720, commitLedger()]]);
    expect(v1[1]!.initial).toMatchObject({ name: "Renewal", commits: [], credits: [] });
    const v2 = (await c().v2.contracts.list({ customer_id: ids.customer, include_balance: true })).data;
    expect(v2[0]!.commits.map((cm) => cm.balance)).toEqual([720]);
    expect(v2[1]!.archived_at).toBeUndefined();
  });

  it("refuses unknown parameters and conflicting filters with a 400 naming them", async () => {
    const post = async (path: string, json: unknown) => {
      const response = await server.fetch(path, { method: "POST", json });
      return { status: response.status, body: (await response.json()) as { message: string; fields?: Record<string, string> } };
    };
    const asOf = await post("/v1/contracts/get", { customer_id: ids.customer, contract_id: ids.a, as_of_date: THIS });
    expect([asOf.status, asOf.body.message]).toEqual([400, "Invalid request: `as_of_date` is not a field of this request"]);
    const unknown = await post("/v1/contracts/list", { customer_id: ids.customer, limit: 10 });
    expect([unknown.status, unknown.body.message]).toEqual([400, "Invalid request: `limit` is not a field of this request"]);
    for (const path of ["/v1/contracts/list", "/v2/contracts/list"]) {
      const both = await post(path, { customer_id: ids.customer, covering_date: THIS, starting_at: LAST });
      expect([both.status, both.body.fields]).toEqual([400, { starting_at: "Give covering_date or starting_at, not both" }]);
    }
    expect((await post("/v1/contracts/get", { customer_id: ids.customer, contract_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await post("/v1/contracts/list", { customer_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await post("/v1/contracts/get", { customer_id: ids.customer, contract_id: ids.a, include_ledgers: "yes" })).body.fields).toHaveProperty(["include_ledgers"]);
  });
});
