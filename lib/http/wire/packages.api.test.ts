import type { PackageListContractsOnPackageResponse, PackageListResponse, PackageRetrieveResponse } from "@metronome/sdk/resources/v1/packages";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { allPages as all } from "@/lib/test-support/all-pages";

// Packages through the SDK: a contract template whose dates are offsets from the start of the
// contract created from it. The server prices at the real clock: the contract starts at this
// month's first instant, monthly, so this month is the live draft.
//
//   Calls FLAT 2.5 (USD cents) on the rate card; the package's override multiplies it by 0.8
//   for its first month (offset 0, duration 1 MONTHS): 137 calls × 2.5 × 0.8 = 274.
//   The package's credit of 100, priority 1, offset 0, one month: draws 100 → total 174.
//   Its scheduled charge (Setup, 1 × 500 at offset 1 MONTHS) falls on the 1st of next month.
//   Its subscription (2 seats at 300 a month, in advance, from the contract's start): 600 → 774.

const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const USD = { id: USD_CENTS.id, name: USD_CENTS.name };

const today = new Date();
const month = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString();
const THIS = month(0);
const NEXT = month(1);
const YEAR = month(12);

describeEachDatabase("packages through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { card: "", calls: "", setup: "", seats: "", customer: "", other: "", pkg: "", contract: "" };
  const c = () => server.client;
  const months = (value: number) => ({ unit: "MONTHS" as const, value });
  const body = () => ({
    name: "Starter",
    aliases: [{ name: "starter" }],
    contract_name: "Starter plan",
    duration: months(12),
    rate_card_id: ids.card,
    net_payment_terms_days: 15,
    usage_statement_schedule: { frequency: "MONTHLY" as const, day: "CONTRACT_START" as const },
    overrides: [{ override_specifiers: [{ product_id: ids.calls }], starting_at_offset: months(0), duration: months(1), type: "MULTIPLIER" as const, multiplier: 0.8 }],
    credits: [{ product_id: ids.calls, name: "Welcome", priority: 1, access_schedule: { schedule_items: [{ amount: 100, starting_at_offset: months(0), duration: months(1) }] } }],
    scheduled_charges: [{ product_id: ids.setup, name: "Setup", schedule: { schedule_items: [{ date_offset: months(1), quantity: 1, unit_price: 500 }] } }],
    subscriptions: [{ name: "Seats", collection_schedule: "ADVANCE" as const, proration: { is_prorated: true }, subscription_rate: { product_id: ids.seats, billing_frequency: "MONTHLY" as const }, initial_quantity: 2 }],
  });

  beforeAll(async () => {
    server = await startApiServer(kind);
    const metric = (await c().v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    ids.calls = (await c().v1.contracts.products.create({ name: "Calls", type: "USAGE", billable_metric_id: metric })).data.id;
    ids.setup = (await c().v1.contracts.products.create({ name: "Setup", type: "FIXED" })).data.id;
    ids.seats = (await c().v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: ids.seats, entitled: true, rate_type: "SUBSCRIPTION", price: 300, billing_frequency: "MONTHLY", starting_at: THIS });
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: ids.card, product_id: ids.calls, entitled: true, rate_type: "FLAT", price: 2.5, starting_at: THIS });
    ids.customer = (await c().v1.customers.create({ name: "Packaged" })).data.id;
    ids.other = (await c().v1.customers.create({ name: "Aliased" })).data.id;
    await c().v1.usage.ingest({ usage: Array.from({ length: 137 }, (_, i) => ({ transaction_id: `pk-call-${i}`, customer_id: ids.customer, event_type: "api_call", timestamp: THIS })) });
  });
  afterAll(() => server.stop());

  it("creates a package and gets it back field for field in Metronome's shape", async () => {
    ids.pkg = (await c().v1.packages.create(body())).data.id;
    expect(ids.pkg).toEqual(UUID);
    const got: PackageRetrieveResponse = await c().v1.packages.retrieve({ package_id: ids.pkg });
    expect(got.data).toEqual({
      id: ids.pkg,
      name: "Starter",
      created_at: expect.any(String),
      created_by: expect.any(String),
      aliases: [{ name: "starter" }],
      contract_name: "Starter plan",
      duration: months(12),
      rate_card_id: ids.card,
      net_payment_terms_days: 15,
      usage_statement_schedule: { frequency: "MONTHLY", day: "CONTRACT_START" },
      commits: [],
      credits: [
        {
          id: UUID,
          product: { id: ids.calls, name: "Calls" },
          name: "Welcome",
          priority: 1,
          access_schedule: { credit_type: USD, schedule_items: [{ id: UUID, amount: 100, starting_at_offset: months(0), duration: months(1) }] },
        },
      ],
      overrides: [
        { id: UUID, override_specifiers: [{ product_id: ids.calls }], starting_at_offset: months(0), duration: months(1), type: "MULTIPLIER", multiplier: 0.8, product: { id: ids.calls, name: "Calls" } },
      ],
      scheduled_charges: [{ id: UUID, product: { id: ids.setup, name: "Setup" }, name: "Setup", schedule: { credit_type: USD, schedule_items: [{ id: UUID, date_offset: months(1), quantity: 1, unit_price: 500 }] } }],
      recurring_commits: [],
      recurring_credits: [],
      subscriptions: [
        {
          id: UUID,
          name: "Seats",
          collection_schedule: "ADVANCE",
          proration: { invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE", is_prorated: true },
          subscription_rate: { billing_frequency: "MONTHLY", product: { id: ids.seats, name: "Seats" } },
          quantity_management_mode: "QUANTITY_ONLY",
          initial_quantity: 2,
          fiat_credit_type_id: USD_CENTS.id,
        },
      ],
    });
  });

  it("creates a contract from the package: its terms dated from the contract's start, invoiced to the cent", async () => {
    ids.contract = (await c().v1.contracts.create({ customer_id: ids.customer, starting_at: THIS, package_id: ids.pkg })).data.id;
    const contract = (await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.contract })).data;
    expect(contract.name).toBe("Starter plan");
    expect(contract.starting_at).toBe(THIS);
    expect(contract.ending_before).toBe(YEAR);
    expect(contract.rate_card_id).toBe(ids.card);
    expect(contract.net_payment_terms_days).toBe(15);
    expect((await c().v1.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.contract })).data.package_id).toBe(ids.pkg);
    expect(contract.overrides.map((o) => [o.starting_at, o.ending_before, o.multiplier])).toEqual([[THIS, NEXT, 0.8]]);
    expect(contract.credits?.map((cr) => cr.access_schedule?.schedule_items.map((s) => [s.amount, s.starting_at, s.ending_before]))).toEqual([[[100, THIS, NEXT]]]);
    expect(contract.scheduled_charges.map((s) => s.schedule.schedule_items?.map((i) => [i.timestamp, i.quantity, i.unit_price]))).toEqual([[[NEXT, 1, 500]]]);
    expect(contract.subscriptions?.map((s) => [s.name, s.starting_at, s.quantity_schedule.map((q) => q.quantity)])).toEqual([["Seats", THIS, [2]]]);

    const draft = (await c().v1.customers.invoices.list({ customer_id: ids.customer, type: "USAGE" })).data.find((i) => i.status === "DRAFT" && i.start_timestamp === THIS)!;
    // 137 × 2.5 × 0.8 = 274; the package's credit draws 100; 2 seats × 300 = 600.
    expect(draft.total).toBe(774);
    expect(draft.line_items.filter((l) => l.type === "subscription").map((l) => [l.quantity, l.total])).toEqual([[2, 600]]);
    expect(draft.line_items.filter((l) => l.type === "applied_commit_or_credit").map((l) => [l.name, l.total])).toEqual([["Welcome", -100]]);
    expect(draft.line_items.filter((l) => l.product_id === ids.calls && l.type !== "applied_commit_or_credit").map((l) => [l.quantity, l.unit_price, l.total])).toEqual([[137, 2, 274]]);
  });

  it("creates a contract by package_alias, and lists the package's contracts", async () => {
    const id = (await c().v1.contracts.create({ customer_id: ids.other, starting_at: NEXT, package_alias: "starter", name: "Custom name" })).data.id;
    const contract = (await c().v2.contracts.retrieve({ customer_id: ids.other, contract_id: id })).data;
    expect([contract.name, contract.starting_at]).toEqual(["Custom name", NEXT]);
    const onPackage: PackageListContractsOnPackageResponse[] = await all(c().v1.packages.listContractsOnPackage({ package_id: ids.pkg, limit: 1 }));
    expect(onPackage).toEqual([
      { contract_id: ids.contract, customer_id: ids.customer, starting_at: THIS, ending_before: YEAR },
      { contract_id: id, customer_id: ids.other, starting_at: NEXT, ending_before: month(13) },
    ]);
    expect((await all(c().v1.packages.listContractsOnPackage({ package_id: ids.pkg, covering_date: THIS }))).map((x) => x.contract_id)).toEqual([ids.contract]);
    expect((await all(c().v1.packages.listContractsOnPackage({ package_id: ids.pkg, starting_at: NEXT }))).map((x) => x.contract_id)).toEqual([id]);
  });

  it("refuses terms beside a package, and SDK fields it cannot honour, naming them", async () => {
    await expect(c().v1.contracts.create({ customer_id: ids.other, starting_at: NEXT, package_id: ids.pkg, rate_card_id: ids.card })).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("rate_card_id") } });
    await expect(c().v1.packages.create({ ...body(), billing_provider: "stripe" })).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("billing_provider") } });
    await expect(c().v1.packages.create({ ...body(), duration: { unit: "MONTHS", value: 0 } })).rejects.toMatchObject({ status: 400, error: { message: expect.stringContaining("duration.value") } });
    await expect(c().v1.packages.retrieve({ package_id: ids.customer })).rejects.toMatchObject({ status: 404 });
  });

  it("lists packages in pages and archives one: no new contract from it, the old ones stay", async () => {
    const second = (await c().v1.packages.create({ name: "Second", rate_card_id: ids.card })).data.id;
    const listed: PackageListResponse[] = await all(c().v1.packages.list({ limit: 1 }));
    expect(listed.map((p) => p.name)).toEqual(["Starter", "Second"]);
    expect(listed[1]).toEqual({ id: second, name: "Second", created_at: expect.any(String), created_by: expect.any(String), aliases: [], rate_card_id: ids.card, usage_statement_schedule: { frequency: "MONTHLY", day: "CONTRACT_START" }, commits: [], credits: [], overrides: [], scheduled_charges: [], recurring_commits: [], recurring_credits: [], subscriptions: [] });

    expect((await c().v1.packages.archive({ package_id: second })).data).toEqual({ id: second });
    expect((await all(c().v1.packages.list())).map((p) => p.id)).toEqual([ids.pkg]);
    const archived = await all(c().v1.packages.list({ archive_filter: "ARCHIVED" }));
    expect(archived.map((p) => [p.id, typeof p.archived_at])).toEqual([[second, "string"]]);
    expect((await all(c().v1.packages.list({ archive_filter: "ALL" }))).length).toBe(2);
    await expect(c().v1.contracts.create({ customer_id: ids.other, starting_at: month(2), package_id: second })).rejects.toMatchObject({ status: 422 });
    expect((await c().v1.packages.retrieve({ package_id: second })).data.archived_at).toEqual(expect.any(String));
  });
});
