import { randomUUID } from "node:crypto";
import type Metronome from "@metronome/sdk";
import type { Invoice } from "@metronome/sdk/resources/v1/customers/invoices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

// End-to-end billing scenarios through the official SDK only: catalog, customer, contract and
// events go in through the API, and the live DRAFT invoice (and balances) come back to the cent.
//
// Dates. The server prices at the real clock and accepts events up to 34 days back, so each
// contract starts at P0, the first of the current UTC month, and events are dated at H(h) = P0 + h
// hours with h < 48 (days 1–2 of the month). Mid-period boundaries are at H(24). On the 1st or 2nd
// of a month those instants are not all past yet, so P0 is then the first of the previous month
// (an open period, still a DRAFT, and within the window). D is the number of days of P0's month;
// prorated amounts are worked out for a 30-day month in the comments and computed for D.
//
// One server per database kind; each scenario has its own customer and catalog.

const HOUR = 3_600_000;
const today = new Date();
const back = today.getUTCDate() <= 2 ? 1 : 0;
const P0 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
const P1 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back + 1, 1));
// Balances granted for the period are still usable today, even when the period is last month's.
const GRANTED_UNTIL = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
const D = Math.round((P1.getTime() - P0.getTime()) / (24 * HOUR));
const iso = (d: Date) => d.toISOString();
const H = (h: number) => iso(new Date(P0.getTime() + h * HOUR));
/** Half-up to whole cents, for the prorated expectations that depend on the month's length. */
const cents = (x: number) => Math.floor(Math.round(x * 1e6) / 1e6 + 0.5);
/** The fraction of the period left after its first day (29/30 in a 30-day month). */
const afterDay1 = (D - 1) / D;

type Client = Metronome;
type RateInput = Parameters<Client["v1"]["contracts"]["rateCards"]["rates"]["addMany"]>[0]["rates"][number];
type ContractInput = Parameters<Client["v1"]["contracts"]["create"]>[0];
type MetricInput = Parameters<Client["v1"]["billableMetrics"]["create"]>[0];
type ProductInput = Parameters<Client["v1"]["contracts"]["products"]["create"]>[0];
type EventInput = { transaction_id: string; event_type: string; timestamp: string; properties?: Record<string, unknown> };
/** Rate and contract bodies, with Rateline's extensions (VOLUME, PACKAGE, minimum, percentage_discounts…). */
type Body = Record<string, unknown>;

describeEachDatabase("billing scenarios through the SDK", (kind) => {
  let server: ApiServer;
  const c = () => server.client;

  beforeAll(async () => {
    // Last month's period (on the 1st and 2nd) stays open: the server's close must not finalize it mid-test.
    server = await startApiServer(kind, { RATELINE_GRACE_HOURS: String(24 * 90) });
  });
  afterAll(() => server?.stop());

  // ─────────────────────────── helpers ───────────────────────────

  let seq = 0;
  const name = (what: string) => `${what} ${++seq}`;

  /** A billable metric on `eventType` and a USAGE product measured by it. */
  async function usageProduct(eventType: string, metric: Partial<MetricInput> = {}, product: Partial<ProductInput> = {}): Promise<string> {
    const m = await c().v1.billableMetrics.create({ name: name("metric"), aggregation_type: "COUNT", event_type_filter: { in_values: [eventType] }, ...metric });
    const p = await c().v1.contracts.products.create({ name: name("product"), type: "USAGE", billable_metric_id: m.data.id, ...product });
    return p.data.id;
  }
  /** A SUM of the `n` property of `eventType` events. */
  const sumProduct = (eventType: string, product: Partial<ProductInput> = {}, metric: Partial<MetricInput> = {}) =>
    usageProduct(eventType, { aggregation_type: "SUM", aggregation_key: "n", property_filters: [{ name: "n", exists: true }], ...metric }, product);
  const fixedProduct = async () => (await c().v1.contracts.products.create({ name: name("fixed"), type: "FIXED" })).data.id;

  async function rateCard(rates: Body[]): Promise<string> {
    const card = (await c().v1.contracts.rateCards.create({ name: name("card") })).data.id;
    await c().v1.contracts.rateCards.rates.addMany({ rate_card_id: card, rates: rates.map((r) => ({ entitled: true, starting_at: iso(P0), ...r }) as unknown as RateInput) });
    return card;
  }

  /** A fresh customer and a contract from P0 on `card`; returns their ids. */
  async function contract(card: string, terms: Body = {}) {
    const customer = (await c().v1.customers.create({ name: name("customer") })).data.id;
    const id = (await c().v1.contracts.create({ customer_id: customer, rate_card_id: card, starting_at: iso(P0), ...terms } as unknown as ContractInput)).data.id;
    return { customer, contract: id };
  }

  /** `count` events of `eventType` at H(h), each with `properties`. */
  const events = (eventType: string, h: number, count = 1, properties?: Record<string, unknown>): EventInput[] =>
    Array.from({ length: count }, () => ({ transaction_id: randomUUID(), event_type: eventType, timestamp: H(h), ...(properties ? { properties } : {}) }));

  async function ingest(customer: string, usage: EventInput[][]) {
    await c().v1.usage.ingest({ usage: usage.flat().map((e) => ({ customer_id: customer, ...e })) });
  }

  /** The live draft of the period starting at P0. */
  async function draft(customer: string): Promise<Invoice> {
    const invoices = (await c().v1.customers.invoices.list({ customer_id: customer })).data;
    const invoice = invoices.find((i) => i.type === "USAGE" && i.start_timestamp === iso(P0));
    expect(invoice, `a draft starting ${iso(P0)} among ${JSON.stringify(invoices.map((i) => i.start_timestamp))}`).toBeDefined();
    expect(invoice!.status).toBe("DRAFT");
    return invoice!;
  }
  /** The customer's SCHEDULED invoices (scheduled charges, commit purchases) as [date, status, total, line types]. */
  async function scheduled(customer: string) {
    const invoices = (await c().v1.customers.invoices.list({ customer_id: customer, type: "SCHEDULED" })).data;
    return invoices.map((i) => [i.start_timestamp, i.status, i.total, i.line_items.map((l) => l.type)]);
  }
  /** The sum of the lines that match. */
  const lines = (invoice: Invoice, match: Partial<Invoice.LineItem>) =>
    invoice.line_items.filter((l) => Object.entries(match).every(([k, v]) => JSON.stringify(l[k as keyof Invoice.LineItem]) === JSON.stringify(v)));
  const total = (invoice: Invoice, match: Partial<Invoice.LineItem>) => lines(invoice, match).reduce((s, l) => s + l.total, 0);

  async function balances(customer: string) {
    const page = await c().v1.contracts.listBalances({ customer_id: customer, include_contract_balances: true, include_balance: true });
    return Object.fromEntries(page.data.map((b) => [b.name, b.balance]));
  }

  // ─────────────────────────── rate types ───────────────────────────

  describe("rate types", () => {
    it("FLAT on a COUNT metric, a decimal price rounded half-up once per line", async () => {
      const api = await usageProduct("call");
      const { customer } = await contract(await rateCard([{ product_id: api, rate_type: "FLAT", price: "2.5" }]));
      await ingest(customer, [events("call", 1, 4), events("call", 30, 3)]);
      // 7 calls × 2.5¢ = 17.5¢ → 18¢
      const invoice = await draft(customer);
      expect([invoice.total, total(invoice, { product_id: api })]).toEqual([18, 18]);
    });

    it("TIERED (graduated) on a SUM metric, tiers counted from the start of the period", async () => {
      const tokens = await sumProduct("tok");
      const { customer } = await contract(await rateCard([{ product_id: tokens, rate_type: "TIERED", tiers: [{ size: 1000, price: 2 }, { size: 4000, price: 1 }, { price: 0.5 }] }]));
      await ingest(customer, [events("tok", 1, 1, { n: 3000 }), events("tok", 30, 1, { n: 3000 })]);
      // 6,000: 1,000 × 2 = 2,000; 4,000 × 1 = 4,000; 1,000 × 0.5 = 500 → 6,500¢
      const invoice = await draft(customer);
      expect(invoice.total).toBe(6500);
      expect(lines(invoice, { product_id: tokens })[0]!.sub_line_items![0]!.tiers!.map((t) => t.subtotal)).toEqual([2000, 4000, 500]);
    });

    it("VOLUME: every unit at the price of the tier the period total reaches", async () => {
      const gb = await sumProduct("gb");
      const { customer } = await contract(await rateCard([{ product_id: gb, rate_type: "VOLUME", tiers: [{ size: 1000, price: 2 }, { price: 1 }] }]));
      await ingest(customer, [events("gb", 2, 1, { n: 900 }), events("gb", 26, 1, { n: 600 })]);
      // 1,500 units reach the second tier: 1,500 × 1 = 1,500¢ (not 1,000 × 2 + 500 × 1)
      expect((await draft(customer)).total).toBe(1500);
    });

    it("PACKAGE rounded up: a started package is a whole package", async () => {
      const msgs = await sumProduct("msg");
      const { customer } = await contract(await rateCard([{ product_id: msgs, rate_type: "PACKAGE", price: 50, package_size: 100, package_rounding: "ROUND_UP" }]));
      await ingest(customer, [events("msg", 3, 1, { n: 130 }), events("msg", 4, 1, { n: 120 })]);
      // 250 messages → ⌈2.5⌉ = 3 packages × 50 = 150¢
      expect((await draft(customer)).total).toBe(150);
    });

    it("PACKAGE rounded down: only complete packages are billed", async () => {
      const msgs = await sumProduct("msg");
      const { customer } = await contract(await rateCard([{ product_id: msgs, rate_type: "PACKAGE", price: 50, package_size: 100, package_rounding: "ROUND_DOWN" }]));
      await ingest(customer, [events("msg", 3, 1, { n: 130 }), events("msg", 4, 1, { n: 120 })]);
      // 250 messages → ⌊2.5⌋ = 2 packages × 50 = 100¢
      expect((await draft(customer)).total).toBe(100);
    });

    /** Two tagged products (FLAT 10 and 5), one untagged (FLAT 1), and a composite over the tag. */
    async function composite(percentage: Record<string, unknown>) {
      const a = await usageProduct("a", {}, { tags: ["ai"] });
      const b = await usageProduct("b", {}, { tags: ["ai"] });
      const other = await usageProduct("o");
      const support = (await c().v1.contracts.products.create({ name: name("support"), type: "COMPOSITE", composite_tags: ["ai"] })).data.id;
      const card = await rateCard([
        { product_id: a, rate_type: "FLAT", price: 10 },
        { product_id: b, rate_type: "FLAT", price: 5 },
        { product_id: other, rate_type: "FLAT", price: 1 },
        { product_id: support, rate_type: "PERCENTAGE", ...percentage },
      ]);
      return { a, b, other, support, ...(await contract(card)) };
    }

    it("PERCENTAGE of tagged products' spend, raised to its minimum", async () => {
      const s = await composite({ price: 0.1, minimum: 500 });
      await ingest(s.customer, [events("a", 1, 30), events("b", 2, 20), events("o", 3, 1000)]);
      // a 30 × 10 = 300; b 20 × 5 = 100; other 1,000 × 1 = 1,000 (not tagged)
      // support 10% × (300 + 100) = 40 → minimum 500; total 300 + 100 + 1,000 + 500 = 1,900¢
      const invoice = await draft(s.customer);
      expect([invoice.total, total(invoice, { product_id: s.support }), total(invoice, { product_id: s.other })]).toEqual([1900, 500, 1000]);
    });

    it("PERCENTAGE of tagged products' spend, held to its maximum", async () => {
      const s = await composite({ price: 0.2, maximum: 100 });
      await ingest(s.customer, [events("a", 1, 300), events("o", 3, 50)]);
      // a 300 × 10 = 3,000; other 50; support 20% × 3,000 = 600 → maximum 100; total 3,150¢
      const invoice = await draft(s.customer);
      expect([invoice.total, total(invoice, { product_id: s.support })]).toEqual([3150, 100]);
    });

    it("PERCENTAGE between its bounds: the exact fraction, rounded half-up", async () => {
      const s = await composite({ price: 0.125, minimum: 10, maximum: 10_000 });
      await ingest(s.customer, [events("a", 1, 7), events("b", 5, 3)]);
      // a 70 + b 15 = 85; support 12.5% × 85 = 10.625 → 11; total 96¢
      const invoice = await draft(s.customer);
      expect([invoice.total, total(invoice, { product_id: s.support })]).toEqual([96, 11]);
    });
  });

  // ─────────────────────────── subscriptions ───────────────────────────

  describe("subscriptions", () => {
    async function seats(price: number, subscription: Record<string, unknown>) {
      const product = (await c().v1.contracts.products.create({ name: name("seats"), type: "SUBSCRIPTION" })).data.id;
      const card = await rateCard([{ product_id: product, rate_type: "SUBSCRIPTION", price, billing_frequency: "MONTHLY" }]);
      const ids = await contract(card, {
        subscriptions: [{ collection_schedule: "ADVANCE", proration: { is_prorated: true }, subscription_rate: { product_id: product, billing_frequency: "MONTHLY" }, ...subscription }],
      });
      const subscriptionId = (await c().v2.contracts.retrieve({ customer_id: ids.customer, contract_id: ids.contract })).data.subscriptions![0]!.id!;
      return { product, subscriptionId, ...ids };
    }

    it("ADVANCE: the seats at the cycle start, for the whole cycle", async () => {
      const s = await seats(1000, { initial_quantity: 3 });
      // 3 seats × 1,000 = 3,000¢, not prorated
      const invoice = await draft(s.customer);
      expect(invoice.total).toBe(3000);
      expect(lines(invoice, { type: "subscription" }).map((l) => [l.quantity, l.total, l.is_prorated])).toEqual([[3, 3000, false]]);
    });

    it("ARREARS: billed in the period whose end closes the cycle", async () => {
      const s = await seats(1250, { initial_quantity: 2, collection_schedule: "ARREARS" });
      // 2 seats × 1,250 for the full cycle = 2,500¢
      expect((await draft(s.customer)).total).toBe(2500);
    });

    it("a subscription starting mid-period is prorated by exact time", async () => {
      const s = await seats(3000, { initial_quantity: 1, starting_at: H(24) });
      // 1 seat × 3,000 × (D − 1)/D of the cycle: 2,900¢ in a 30-day month
      const invoice = await draft(s.customer);
      expect(invoice.total).toBe(cents(3000 * afterDay1));
      expect(lines(invoice, { type: "subscription" })[0]!.is_prorated).toBe(true);
    });

    it("ADVANCE seats added mid-period (v2 edit) are charged from when added", async () => {
      const s = await seats(1000, { initial_quantity: 5 });
      await c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, update_subscriptions: [{ subscription_id: s.subscriptionId, quantity_updates: [{ starting_at: H(24), quantity: 8 }] }] });
      // 5 seats × 1,000 = 5,000 for the cycle; 3 added seats × 1,000 × (D − 1)/D = 2,900 (30 days) → 7,900¢
      const invoice = await draft(s.customer);
      expect(lines(invoice, { type: "subscription" }).map((l) => [l.quantity, l.total])).toEqual([
        [5, 5000],
        [3, cents(3000 * afterDay1)],
      ]);
      expect(invoice.total).toBe(5000 + cents(3000 * afterDay1));
    });

    it("ARREARS seats changed mid-period are billed per seat count for the time held", async () => {
      const s = await seats(3000, { initial_quantity: 2, collection_schedule: "ARREARS" });
      await c().v2.contracts.edit({ customer_id: s.customer, contract_id: s.contract, update_subscriptions: [{ subscription_id: s.subscriptionId, quantity_updates: [{ starting_at: H(24), quantity_delta: 2 }] }] });
      // 2 seats × 3,000 × 1/D = 200; 4 seats × 3,000 × (D − 1)/D = 11,600 (30 days) → 11,800¢
      const invoice = await draft(s.customer);
      expect(lines(invoice, { type: "subscription" }).map((l) => [l.quantity, l.total])).toEqual([
        [2, cents(6000 / D)],
        [4, cents(12000 * afterDay1)],
      ]);
      expect(invoice.total).toBe(cents(6000 / D) + cents(12000 * afterDay1));
    });
  });

  // ─────────────────────────── quantities and prices ───────────────────────────

  describe("quantities and prices", () => {
    it("pricing groups: two models at different prices, one line each", async () => {
      const tokens = await sumProduct("completion", { pricing_group_key: ["model"] }, { group_keys: [["model"]] });
      const card = await rateCard([
        { product_id: tokens, rate_type: "FLAT", price: 1, pricing_group_values: { model: "small" } },
        { product_id: tokens, rate_type: "FLAT", price: "4.5", pricing_group_values: { model: "large" } },
      ]);
      const { customer } = await contract(card);
      await ingest(customer, [events("completion", 1, 2, { model: "small", n: 60 }), events("completion", 2, 1, { model: "large", n: 51 })]);
      // small 120 × 1 = 120; large 51 × 4.5 = 229.5 → 230; total 350¢
      const invoice = await draft(customer);
      expect([total(invoice, { pricing_group_values: { model: "small" } }), total(invoice, { pricing_group_values: { model: "large" } }), invoice.total]).toEqual([120, 230, 350]);
    });

    it("quantity conversion: tokens divided by 1,000,000, priced per million", async () => {
      const tokens = await sumProduct("tok", { quantity_conversion: { conversion_factor: 1_000_000, operation: "DIVIDE" } });
      const { customer } = await contract(await rateCard([{ product_id: tokens, rate_type: "FLAT", price: 200 }]));
      await ingest(customer, [events("tok", 1, 1, { n: 2_500_000 }), events("tok", 25, 1, { n: 1_250_000 })]);
      // 3,750,000 tokens = 3.75 M × 200¢ = 750¢
      const invoice = await draft(customer);
      expect([invoice.total, lines(invoice, { product_id: tokens })[0]!.quantity]).toEqual([750, 3.75]);
    });

    it("quantity rounding: the period's converted total rounded up once", async () => {
      const storage = await sumProduct("bytes", { quantity_conversion: { conversion_factor: 1000, operation: "DIVIDE" }, quantity_rounding: { decimal_places: 0, rounding_method: "ROUND_UP" } });
      const { customer } = await contract(await rateCard([{ product_id: storage, rate_type: "FLAT", price: 30 }]));
      await ingest(customer, [events("bytes", 1, 1, { n: 1500 }), events("bytes", 2, 1, { n: 200 })]);
      // 1,700 bytes → 1.7 KB → rounded up to 2 (not 2 + 1 per event) × 30 = 60¢
      expect((await draft(customer)).total).toBe(60);
    });

    it("quantity rounding applies to the running period total across a price change", async () => {
      const storage = await sumProduct("bytes", { quantity_conversion: { conversion_factor: 1000, operation: "DIVIDE" }, quantity_rounding: { decimal_places: 0, rounding_method: "ROUND_UP" } });
      const card = await rateCard([{ product_id: storage, rate_type: "FLAT", price: 30 }]);
      await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: storage, entitled: true, rate_type: "FLAT", price: 20, starting_at: H(24) });
      const { customer } = await contract(card);
      await ingest(customer, [events("bytes", 1, 1, { n: 1500 }), events("bytes", 30, 1, { n: 200 })]);
      // running total: 1.5 → 2 units before H(24) × 30 = 60; 1.7 → still 2, so 0 more units after → 60¢
      expect((await draft(customer)).total).toBe(60);
    });

    it("MAX is priced window by window across a price change", async () => {
      const gb = await usageProduct("m", { aggregation_type: "MAX", aggregation_key: "gb", property_filters: [{ name: "gb", exists: true }] });
      const card = await rateCard([{ product_id: gb, rate_type: "FLAT", price: 100 }]);
      await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: gb, entitled: true, rate_type: "FLAT", price: 50, starting_at: H(24) });
      const { customer } = await contract(card);
      await ingest(customer, [events("m", 1, 1, { gb: 12 }), events("m", 30, 1, { gb: 7 })]);
      // before H(24): max 12 × 100 = 1,200; after: max 7 × 50 = 350 → 1,550¢
      expect((await draft(customer)).total).toBe(1550);
    });

    it("a mid-period price change: rates.add with a later starting_at", async () => {
      const api = await usageProduct("call");
      const card = await rateCard([{ product_id: api, rate_type: "FLAT", price: 10 }]);
      await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: api, entitled: true, rate_type: "FLAT", price: 6, starting_at: H(24) });
      const { customer } = await contract(card);
      await ingest(customer, [events("call", 2, 10), events("call", 30, 20)]);
      // before H(24): 10 × 10 = 100; after: 20 × 6 = 120 → 220¢ in two lines
      const invoice = await draft(customer);
      expect(lines(invoice, { product_id: api }).map((l) => [l.starting_at, l.quantity, l.total])).toEqual([
        [iso(P0), 10, 100],
        [H(24), 20, 120],
      ]);
      expect(invoice.total).toBe(220);
    });
  });

  // ─────────────────────────── overrides ───────────────────────────

  describe("overrides", () => {
    /** A FLAT 10 product on SUM `n`, a contract with `overrides`, and `n` units ingested. */
    async function overridden(n: number, overrides: (product: string) => Record<string, unknown>[], prioritization?: "EXPLICIT") {
      const product = await sumProduct("use");
      const terms = { overrides: overrides(product), ...(prioritization ? { multiplier_override_prioritization: prioritization } : {}) };
      const { customer } = await contract(await rateCard([{ product_id: product, rate_type: "FLAT", price: 10 }]), terms);
      await ingest(customer, [events("use", 1, 1, { n })]);
      return draft(customer);
    }

    it("MULTIPLIER", async () => {
      const invoice = await overridden(41, (p) => [{ product_id: p, starting_at: iso(P0), type: "MULTIPLIER", multiplier: 0.75 }]);
      // 41 × 10 × 0.75 = 307.5 → 308¢
      expect(invoice.total).toBe(308);
    });

    it("OVERWRITE", async () => {
      const invoice = await overridden(40, (p) => [{ product_id: p, starting_at: iso(P0), type: "OVERWRITE", overwrite_rate: { rate_type: "TIERED", tiers: [{ size: 10, price: 0 }, { price: 3 }] } }]);
      // overwritten to TIERED: first 10 free, 30 × 3 = 90¢ (list would be 400)
      expect(invoice.total).toBe(90);
    });

    it("TIERED (multipliers by quantity; Rateline, like Metronome, asks for EXPLICIT prioritization)", async () => {
      const invoice = await overridden(150, (p) => [{ product_id: p, starting_at: iso(P0), type: "TIERED", priority: 1, tiers: [{ size: 100, multiplier: 1 }, { multiplier: 0.5 }] }], "EXPLICIT");
      // 100 × 10 × 1 = 1,000; 50 × 10 × 0.5 = 250 → 1,250¢
      expect(invoice.total).toBe(1250);
    });

    it("EXPLICIT prioritization: the higher-priority multiplier wins even when it is not the lowest", async () => {
      const invoice = await overridden(
        150,
        (p) => [
          { product_id: p, starting_at: iso(P0), type: "MULTIPLIER", multiplier: 0.9, priority: 1 },
          { product_id: p, starting_at: iso(P0), type: "TIERED", priority: 2, tiers: [{ size: 100, multiplier: 1 }, { multiplier: 0.5 }] },
        ],
        "EXPLICIT",
      );
      // every position covered by priority 1: 150 × 10 × 0.9 = 1,350¢
      expect(invoice.total).toBe(1350);
    });

    it("overlapping multipliers: the lowest applies alone", async () => {
      const invoice = await overridden(100, (p) => [
        { product_id: p, starting_at: iso(P0), type: "MULTIPLIER", multiplier: 0.9 },
        { product_id: p, starting_at: iso(P0), type: "MULTIPLIER", multiplier: 0.6 },
      ]);
      // 100 × 10 × 0.6 = 600¢ (not 0.9 × 0.6 = 540)
      expect(invoice.total).toBe(600);
    });
  });

  // ─────────────────────────── commits, credits, discounts, charges ───────────────────────────

  describe("balances and adjustments", () => {
    /** A FLAT 10 COUNT product; a contract with `terms` on a FIXED product; `calls` ingested at H(hour). */
    async function billed(terms: (fixed: string, product: string) => Record<string, unknown>, calls: Array<[hour: number, count: number]>) {
      const api = await usageProduct("call");
      const fixed = await fixedProduct();
      const ids = await contract(await rateCard([{ product_id: api, rate_type: "FLAT", price: 10 }]), terms(fixed, api));
      await ingest(ids.customer, calls.map(([h, n]) => events("call", h, n)));
      return { api, fixed, ...ids, invoice: await draft(ids.customer) };
    }
    const period = (amount: number, from = iso(P0), to = iso(GRANTED_UNTIL)) => ({ schedule_items: [{ amount, starting_at: from, ending_before: to }] });

    it("two prepaid commits drawn by priority; the bought one invoiced on its date", async () => {
      const s = await billed(
        (fixed) => ({
          commits: [
            { type: "PREPAID", product_id: fixed, name: "First", priority: 1, access_schedule: period(1000), invoice_schedule: { schedule_items: [{ timestamp: iso(P0), amount: 1000 }] } },
            { type: "PREPAID", product_id: fixed, name: "Second", priority: 2, access_schedule: period(5000, iso(P0), iso(new Date(P1.getTime() + 90 * 24 * HOUR))) },
          ],
        }),
        [[1, 120], [30, 180]],
      );
      // usage 300 × 10 = 3,000; First (priority 1) −1,000, Second −2,000 → 0¢; First's purchase is its own invoice: 1,000¢
      expect(lines(s.invoice, { type: "applied_commit_or_credit" }).map((l) => [l.name, l.total])).toEqual([
        ["First", -1000],
        ["Second", -2000],
      ]);
      expect([s.invoice.total, total(s.invoice, { type: "commit_purchase" })]).toEqual([0, 0]);
      expect(await scheduled(s.customer)).toEqual([[iso(P0), "DRAFT", 1000, ["commit_purchase"]]]);
      expect(await balances(s.customer)).toEqual({ First: 0, Second: 3000 });
    });

    it("a postpaid minimum commit ending at the period end is trued up", async () => {
      const s = await billed((fixed) => ({ commits: [{ type: "POSTPAID", product_id: fixed, name: "Minimum", priority: 1, access_schedule: period(5000) }] }), [[1, 120]]);
      // usage 120 × 10 = 1,200 counts towards the 5,000 minimum; true-up 3,800 → 5,000¢
      expect([total(s.invoice, { type: "usage" }), total(s.invoice, { type: "postpaid_trueup" }), s.invoice.total]).toEqual([1200, 3800, 5000]);
    });

    it("a free credit expiring mid-period covers only the usage before its expiry", async () => {
      const s = await billed((fixed) => ({ credits: [{ product_id: fixed, name: "Trial", priority: 1, access_schedule: period(10_000, iso(P0), H(24)) }] }), [[3, 30], [30, 50]]);
      // before H(24): 30 × 10 = 300, covered; after: 50 × 10 = 500, billed → 500¢
      expect([total(s.invoice, { type: "usage" }), total(s.invoice, { type: "applied_commit_or_credit" }), s.invoice.total]).toEqual([800, -300, 500]);
    });

    it("a commit of priority 1 is drawn before a credit of priority 2", async () => {
      const s = await billed(
        (fixed) => ({
          commits: [{ type: "PREPAID", product_id: fixed, name: "Commit", priority: 1, access_schedule: period(500) }],
          credits: [{ product_id: fixed, name: "Credit", priority: 2, access_schedule: period(1000) }],
        }),
        [[5, 120]],
      );
      // 1,200: Commit −500 first, Credit −700 → 0¢; the credit keeps 300
      expect(lines(s.invoice, { type: "applied_commit_or_credit" }).map((l) => [l.name, l.total])).toEqual([
        ["Commit", -500],
        ["Credit", -700],
      ]);
      expect(s.invoice.total).toBe(0);
      expect(await balances(s.customer)).toEqual({ Commit: 0, Credit: 300 });
      expect((await c().v1.contracts.getNetBalance({ customer_id: s.customer })).data.balance).toBe(300);
    });

    it("a contract discount (negative scheduled charge) on its date", async () => {
      const s = await billed((fixed) => ({ discounts: [{ product_id: fixed, name: "Launch discount", schedule: { schedule_items: [{ timestamp: H(0), amount: 700 }] } }] }), [[1, 200]]);
      // usage 200 × 10 = 2,000; discount −700 → 1,300¢
      expect([total(s.invoice, { type: "discount" }), s.invoice.total]).toEqual([-700, 1300]);
    });

    it("a percentage discount (Rateline extension) on one product, rounded half-up", async () => {
      const s = await billed(
        (_fixed, api) => ({ percentage_discounts: [{ name: "25% off API", fraction: 0.25, applicable_product_ids: [api], starting_at: iso(P0) }] }),
        [[1, 101]],
      );
      // 101 × 10 = 1,010; 25% = 252.5 → 253 off → 757¢
      expect([total(s.invoice, { type: "discount" }), s.invoice.total]).toEqual([-253, 757]);
    });

    it("a scheduled charge dated in the period is billed on its own invoice, not the one dated in the next", async () => {
      const s = await billed(
        (fixed) => ({ scheduled_charges: [{ product_id: fixed, name: "Onboarding", schedule: { schedule_items: [{ timestamp: H(12), amount: 12345 }, { timestamp: iso(P1), amount: 999 }] } }] }),
        [[1, 3]],
      );
      // usage 3 × 10 = 30¢; onboarding 12,345¢ on its own invoice dated H(12); the next period's not yet
      expect([total(s.invoice, { type: "scheduled" }), s.invoice.total]).toEqual([0, 30]);
      expect(await scheduled(s.customer)).toEqual([[H(12), "DRAFT", 12345, ["scheduled"]]]);
    });

    it("a credit scoped to one product leaves the other product billed", async () => {
      const other = await usageProduct("other");
      const fixed = await fixedProduct();
      const api = await usageProduct("call");
      const card = await rateCard([
        { product_id: api, rate_type: "FLAT", price: 10 },
        { product_id: other, rate_type: "FLAT", price: 7 },
      ]);
      const { customer } = await contract(card, { credits: [{ product_id: fixed, name: "API only", priority: 1, applicable_product_ids: [api], access_schedule: period(10_000) }] });
      await ingest(customer, [events("call", 1, 20), events("other", 2, 30)]);
      // api 20 × 10 = 200, covered; other 30 × 7 = 210, billed → 210¢
      const invoice = await draft(customer);
      expect([total(invoice, { type: "applied_commit_or_credit" }), invoice.total]).toEqual([-200, 210]);
    });

    it("a percentage discount applies before a prepaid commit draws", async () => {
      const s = await billed(
        (fixed, api) => ({
          percentage_discounts: [{ name: "10% off", fraction: 0.1, applicable_product_ids: [api], starting_at: iso(P0) }],
          commits: [{ type: "PREPAID", product_id: fixed, name: "Commit", priority: 1, access_schedule: period(500) }],
        }),
        [[1, 100]],
      );
      // 100 × 10 = 1,000; −10% = −100; the commit draws 500 of the 900 left → 400¢; the commit is spent
      expect([total(s.invoice, { type: "discount" }), total(s.invoice, { type: "applied_commit_or_credit" }), s.invoice.total]).toEqual([-100, -500, 400]);
    });

    it("graduated tiers continue across a window cut by an expiring credit", async () => {
      const fixed = await fixedProduct();
      const units = await sumProduct("use");
      const card = await rateCard([{ product_id: units, rate_type: "TIERED", tiers: [{ size: 100, price: 10 }, { price: 1 }] }]);
      const { customer } = await contract(card, { credits: [{ product_id: fixed, name: "Trial", priority: 1, access_schedule: period(10_000, iso(P0), H(24)) }] });
      await ingest(customer, [events("use", 2, 1, { n: 80 }), events("use", 30, 1, { n: 80 })]);
      // window 1: units 0–80 × 10 = 800 (covered by the credit); window 2: units 80–160: 20 × 10 + 60 × 1 = 260 → 260¢
      const invoice = await draft(customer);
      expect(lines(invoice, { product_id: units }).map((l) => l.total)).toEqual([800, 260]);
      expect(invoice.total).toBe(260);
    });

    it("a VOLUME tier is chosen by the period total across a window cut by an expiring credit", async () => {
      const fixed = await fixedProduct();
      const units = await sumProduct("use");
      const card = await rateCard([{ product_id: units, rate_type: "VOLUME", tiers: [{ size: 100, price: 10 }, { price: 5 }] }]);
      const { customer } = await contract(card, { credits: [{ product_id: fixed, name: "Trial", priority: 1, access_schedule: period(10_000, iso(P0), H(24)) }] });
      await ingest(customer, [events("use", 2, 1, { n: 80 }), events("use", 30, 1, { n: 80 })]);
      // period total 160 → every unit at 5: 80 × 5 = 400 (covered) + 80 × 5 = 400 → 400¢
      const invoice = await draft(customer);
      expect(lines(invoice, { product_id: units }).map((l) => l.total)).toEqual([400, 400]);
      expect(invoice.total).toBe(400);
    });

    it("a contract ended mid-period (updateEndDate) bills only up to its end", async () => {
      const api = await usageProduct("call");
      const { customer, contract: id } = await contract(await rateCard([{ product_id: api, rate_type: "FLAT", price: 10 }]));
      await c().v1.contracts.updateEndDate({ customer_id: customer, contract_id: id, ending_before: H(24) });
      await ingest(customer, [events("call", 5, 10), events("call", 30, 10)]);
      // only the 10 calls before H(24): 100¢; the period is cut at the end
      const invoice = await draft(customer);
      expect([invoice.end_timestamp, invoice.total]).toEqual([H(24), 100]);
    });
  });

  // ─────────────────────────── metrics and events ───────────────────────────

  describe("metrics and events", () => {
    async function priced(metric: Partial<MetricInput>, price: number) {
      const product = await usageProduct("m", metric);
      return contract(await rateCard([{ product_id: product, rate_type: "FLAT", price }]));
    }

    it("MAX: the largest value in the period", async () => {
      const { customer } = await priced({ aggregation_type: "MAX", aggregation_key: "gb", property_filters: [{ name: "gb", exists: true }] }, 100);
      await ingest(customer, [events("m", 1, 1, { gb: 5 }), events("m", 20, 1, { gb: 12 }), events("m", 40, 1, { gb: 7 })]);
      // max 12 × 100 = 1,200¢
      expect((await draft(customer)).total).toBe(1200);
    });

    it("UNIQUE: distinct values in the period", async () => {
      const { customer } = await priced({ aggregation_type: "UNIQUE", aggregation_key: "user", property_filters: [{ name: "user", exists: true }] }, 250);
      await ingest(customer, ["a", "b", "a", "c", "b"].map((user, i) => events("m", 1 + i * 9, 1, { user })));
      // users a, b, c → 3 × 250 = 750¢
      expect((await draft(customer)).total).toBe(750);
    });

    it("events sent for an alias assigned after ingest count in the draft", async () => {
      const { customer } = await priced({}, 25);
      const alias = `late-${kind}-${randomUUID()}`;
      await c().v1.usage.ingest({ usage: events("m", 2, 4).map((e) => ({ ...e, customer_id: alias })) });
      expect((await draft(customer)).total).toBe(0);
      await c().v1.customers.setIngestAliases({ customer_id: customer, ingest_aliases: [alias] });
      // 4 × 25 = 100¢
      expect((await draft(customer)).total).toBe(100);
    });

    it("duplicate transaction ids count once, in one batch or two", async () => {
      const { customer } = await priced({}, 100);
      const batch = [...events("m", 1, 3), ...events("m", 2, 2)];
      const withDuplicates = [...batch, batch[0]!, { ...batch[3]!, timestamp: H(7) }];
      await ingest(customer, [withDuplicates]);
      await ingest(customer, [batch]);
      // 5 distinct transaction ids × 100 = 500¢
      expect((await draft(customer)).total).toBe(500);
    });

    it("previewEvents (replace and merge) prices events without changing the stored draft", async () => {
      const { customer } = await priced({}, 10);
      await ingest(customer, [events("m", 1, 10)]);
      const preview = async (mode: "replace" | "merge") => {
        const { data } = await c().v1.customers.previewEvents({ customer_id: customer, mode, events: events("m", 3, 3) });
        return data.find((i) => i.start_timestamp === iso(P0))!.total;
      };
      // stored 10 × 10 = 100; replace: 3 × 10 = 30; merge: 13 × 10 = 130
      expect([await preview("replace"), await preview("merge")]).toEqual([30, 130]);
      expect((await draft(customer)).total).toBe(100);
    });

    // The SDK documents that preview events "are automatically deduplicated against historical
    // events from the past 34 days" (CustomerPreviewEventsParams.Event.transaction_id).
    it("previewEvents (merge) does not count again events whose transaction_id is already stored", async () => {
      const { customer } = await priced({}, 10);
      const stored = events("m", 1, 10);
      await ingest(customer, [stored]);
      const { data } = await c().v1.customers.previewEvents({ customer_id: customer, mode: "merge", events: [stored[0]!, stored[1]!, ...events("m", 3, 1)] });
      // stored 10 + 1 new event = 11 × 10 = 110¢ (the two re-sent events are duplicates)
      expect(data.find((i) => i.start_timestamp === iso(P0))!.total).toBe(110);
    });

    // The SDK documents "Duplicate transaction IDs within the same request will return an error".
    it("previewEvents refuses duplicate transaction ids within one request", async () => {
      const { customer } = await priced({}, 10);
      const [event] = events("m", 1, 1);
      await expect(c().v1.customers.previewEvents({ customer_id: customer, mode: "replace", events: [event!, event!] })).rejects.toMatchObject({ status: 400 });
    });
  });
});
