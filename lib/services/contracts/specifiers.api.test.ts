import { randomUUID } from "node:crypto";
import type Metronome from "@metronome/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { M0, M1 } from "@/lib/test-support/last-month-draft";

// Specifiers through the SDK, to the cent, on last month's live draft: commits and credits whose
// specifiers name a pricing or presentation group value draw only on those lines; an override
// with override_specifiers prices only the lines one of them matches; what Rateline does not do
// with them is refused by name.
//
// LLM tokens are priced by model (gpt-4 30¢, gpt-3 10¢ a token) and presented by region.

const iso = (d: Date) => d.toISOString();
const DAY = 24 * 3_600_000;
type ContractInput = Parameters<Metronome["v1"]["contracts"]["create"]>[0];

describeEachDatabase("specifiers through the SDK", (kind) => {
  const ids = { llm: "", fixed: "", card: "" };
  let server: ApiServer;
  const c = () => server.client;

  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(24 * 90), RATELINE_BACKDATE_DAYS: "70" });
    const metric = (
      await c().v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", event_type_filter: { in_values: ["llm"] }, property_filters: [{ name: "tokens", exists: true }], group_keys: [["model", "region"]] })
    ).data.id;
    ids.llm = (await c().v1.contracts.products.create({ name: "LLM", type: "USAGE", billable_metric_id: metric, tags: ["ai"], pricing_group_key: ["model"], presentation_group_key: ["region"] })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: "Allowance", type: "FIXED" })).data.id;
    ids.card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.addMany({
      rate_card_id: ids.card,
      rates: [
        { product_id: ids.llm, entitled: true, rate_type: "FLAT", price: 30, starting_at: iso(M0), pricing_group_values: { model: "gpt-4" } },
        { product_id: ids.llm, entitled: true, rate_type: "FLAT", price: 10, starting_at: iso(M0), pricing_group_values: { model: "gpt-3" } },
      ],
    });
  });
  afterAll(() => server?.stop());

  let seq = 0;
  async function contract(terms: Partial<ContractInput>) {
    const customer = (await c().v1.customers.create({ name: `Specified ${++seq}` })).data.id;
    const id = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: ids.card, starting_at: iso(M0), ...terms })).data.id;
    return { customer, contract: id };
  }
  /** Tokens on the second day of last month: [model, region, tokens]. */
  async function ingest(customer: string, rows: [model: string, region: string, tokens: number][]) {
    const timestamp = iso(new Date(M0.getTime() + DAY));
    await c().v1.usage.ingest({ usage: rows.map(([model, region, tokens]) => ({ transaction_id: randomUUID(), customer_id: customer, event_type: "llm", timestamp, properties: { model, region, tokens } })) });
  }
  /** Last month's draft: its total, and each line's name, model, region and total. */
  async function draft(customer: string) {
    const invoice = (await c().v1.customers.invoices.list({ customer_id: customer, type: "USAGE" })).data.find((i) => i.start_timestamp === iso(M0))!;
    expect(invoice.status).toBe("DRAFT");
    const lines = invoice.line_items.map((l): [string, string | null, string | null, number] => [l.name, l.pricing_group_values?.model ?? null, l.presentation_group_values?.region ?? null, l.total]);
    return { total: invoice.total, lines: lines.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  }
  const access = (amount: number) => ({ schedule_items: [{ amount, starting_at: iso(M0), ending_before: iso(M1) }] });

  it("a commit whose specifier names a pricing group value draws only on that group's usage", async () => {
    // gpt-4: 20 × 30¢ = 600¢; gpt-3: 50 × 10¢ = 500¢. The 1,000¢ commit covers the 600¢ of gpt-4
    // alone (400¢ left), so the draft bills the gpt-3 500¢.
    const specifiers = [{ product_id: ids.llm, pricing_group_values: { model: "gpt-4" } }];
    const { customer, contract: id } = await contract({
      commits: [{ type: "PREPAID", product_id: ids.fixed, name: "GPT-4 commit", priority: 1, access_schedule: access(1000), invoice_schedule: { schedule_items: [{ timestamp: iso(M0), amount: 1000 }] }, specifiers }],
    });
    await ingest(customer, [["gpt-4", "us", 20], ["gpt-3", "us", 50]]);
    expect(await draft(customer)).toEqual({
      total: 500,
      lines: [
        ["GPT-4 commit", null, null, -600],
        ["LLM", "gpt-3", "us", 500],
        ["LLM", "gpt-4", "us", 600],
      ],
    });
    // As of last month (the commit's access ends with it): the draft drew 600¢.
    const v2 = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id, include_balance: true, as_of_date: iso(new Date(M0.getTime() + 2 * DAY)) })).data;
    expect(v2.commits.map((m) => [m.specifiers, m.applicable_product_ids, m.balance])).toEqual([[specifiers, [], 400]]);
    const v1 = (await c().v1.contracts.retrieve({ customer_id: customer, contract_id: id })).data;
    expect(v1.initial.commits.map((m) => m.specifiers)).toEqual([specifiers]);
  });

  it("an override with override_specifiers on a presentation group value, or a pricing one, prices only those lines; a credit draws on one region", async () => {
    // EU gpt-3: 40 × 10¢ × 0.5 = 200¢; US gpt-3: 50 × 10¢ = 500¢; US gpt-4: 10 × 30¢ × 0.5 = 150¢
    // (the second specifier). 850¢ of usage; the 300¢ credit for US draws 300¢ of the US lines
    // (gpt-3's 500¢ first: lines draw in order) → 550¢.
    const override_specifiers = [{ product_id: ids.llm, presentation_group_values: { region: "eu" } }, { pricing_group_values: { model: "gpt-4" } }];
    const credit = [{ presentation_group_values: { region: "us" } }];
    const { customer, contract: id } = await contract({
      overrides: [{ starting_at: iso(M0), type: "MULTIPLIER", multiplier: 0.5, override_specifiers }],
      credits: [{ product_id: ids.fixed, name: "US credit", priority: 1, access_schedule: access(300), specifiers: credit }],
    });
    await ingest(customer, [["gpt-3", "eu", 40], ["gpt-3", "us", 50], ["gpt-4", "us", 10]]);
    const { total, lines } = await draft(customer);
    expect(lines).toEqual([
      ["LLM", "gpt-3", "eu", 200],
      ["LLM", "gpt-3", "us", 500],
      ["LLM", "gpt-4", "us", 150],
      ["US credit", null, null, -300],
    ]);
    expect(total).toBe(550);
    const v2 = (await c().v2.contracts.list({ customer_id: customer })).data.find((x) => x.id === id)!;
    expect(v2.overrides.map((o) => [o.override_specifiers, o.multiplier])).toEqual([[override_specifiers, 0.5]]);
    expect(v2.credits!.map((x) => x.specifiers)).toEqual([credit]);
  });

  it("v2 edit adds a commit with specifiers, commits/edit clears them; a customer-level credit takes them too", async () => {
    // 30 EU gpt-3 tokens (300¢) and 10 US gpt-4 (300¢). The added 1,000¢ commit for EU covers 300¢ → 300¢.
    const { customer, contract: id } = await contract({});
    await ingest(customer, [["gpt-3", "eu", 30], ["gpt-4", "us", 10]]);
    await c().v2.contracts.edit({
      customer_id: customer,
      contract_id: id,
      add_commits: [{ type: "PREPAID", product_id: ids.fixed, name: "EU commit", priority: 1, access_schedule: access(1000), specifiers: [{ presentation_group_values: { region: "eu" } }] }],
    });
    expect((await draft(customer)).total).toBe(300);
    const commit = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data.commits[0]!;
    // Without specifiers the commit applies to all usage: 600¢ covered.
    await c().v2.contracts.editCommit({ customer_id: customer, commit_id: commit.id, specifiers: null });
    expect((await draft(customer)).total).toBe(0);
    expect((await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data.commits[0]).not.toHaveProperty("specifiers");

    // A customer-level 100¢ credit for gpt-4 alone, drawn first (priority 0): still 0¢ billed, and it is used up.
    const credit = await c().v1.customers.credits.create({
      customer_id: customer,
      product_id: ids.fixed,
      name: "GPT-4 credit",
      priority: 0,
      access_schedule: access(100),
      specifiers: [{ product_tags: ["ai"], pricing_group_values: { model: "gpt-4" } }],
    });
    const { lines } = await draft(customer);
    expect(lines.filter((l) => l[3] < 0)).toEqual([
      ["EU commit", null, null, -500],
      ["GPT-4 credit", null, null, -100],
    ]);
    const listed = (await c().v1.customers.credits.list({ customer_id: customer })).data.find((x) => x.id === credit.data.id)!;
    expect(listed.specifiers).toEqual([{ product_tags: ["ai"], pricing_group_values: { model: "gpt-4" } }]);
  });

  it("a recurring credit passes its specifiers down to each balance it grants", async () => {
    // A 250¢ monthly credit for gpt-4 alone: of 20 gpt-4 tokens (600¢) and 30 gpt-3 (300¢), it covers 250¢ → 650¢.
    const specifiers = [{ pricing_group_values: { model: "gpt-4" } }];
    const { customer, contract: id } = await contract({
      recurring_credits: [
        { product_id: ids.fixed, name: "Monthly GPT-4", priority: 1, access_amount: { credit_type_id: USD_CENTS.id, unit_price: 250, quantity: 1 }, commit_duration: { value: 1 }, starting_at: iso(M0), specifiers },
      ],
    });
    await ingest(customer, [["gpt-4", "us", 20], ["gpt-3", "us", 30]]);
    expect(await draft(customer)).toEqual({ total: 650, lines: [["LLM", "gpt-3", "us", 300], ["LLM", "gpt-4", "us", 600], ["Monthly GPT-4", null, null, -250]] });
    const v2 = (await c().v2.contracts.retrieve({ customer_id: customer, contract_id: id })).data;
    expect(v2.recurring_credits!.map((r) => r.specifiers)).toEqual([specifiers]);
    expect(new Set(v2.credits!.map((x) => JSON.stringify(x.specifiers)))).toEqual(new Set([JSON.stringify(specifiers)]));
  });

  it("refuses specifiers beside the applicable lists, an override's specifiers beside its product, and commit-specific keys, by name", async () => {
    const customer = (await c().v1.customers.create({ name: "Refused" })).data.id;
    const create = (terms: object) =>
      server
        .fetch("/v1/contracts/create", { method: "POST", json: { customer_id: customer, rate_card_id: ids.card, starting_at: iso(M0), ...terms } })
        .then(async (r) => [r.status, ((await r.json()) as { message: string }).message]);
    const commit = { type: "PREPAID", product_id: ids.fixed, access_schedule: access(100) };
    expect(await create({ commits: [{ ...commit, applicable_product_ids: [ids.llm], specifiers: [{ product_id: ids.llm }] }] })).toEqual([
      400,
      "commits.0.specifiers: specifiers cannot be used together with applicable_product_ids or applicable_product_tags.",
    ]);
    const override = { starting_at: iso(M0), type: "MULTIPLIER", multiplier: 0.5 };
    const [status, message] = await create({ overrides: [{ ...override, product_id: ids.llm, override_specifiers: [{ product_id: ids.llm }] }] });
    expect([status, message]).toEqual([400, expect.stringContaining("override_specifiers cannot be used together with product_id or applicable_product_tags")]);
    expect(await create({ overrides: [{ ...override, override_specifiers: [{ product_id: ids.llm, commit_ids: [randomUUID()] }] }] })).toEqual([
      400,
      "Invalid request: `overrides.0.override_specifiers.0.commit_ids` is not supported",
    ]);
    const [emptyStatus, empty] = await create({ credits: [{ product_id: ids.fixed, access_schedule: access(100), specifiers: [{}] }] });
    expect([emptyStatus, empty]).toEqual([400, expect.stringContaining("a specifier naming nothing would match all usage")]);
    expect((await c().v2.contracts.list({ customer_id: customer })).data).toEqual([]);
  });
});
