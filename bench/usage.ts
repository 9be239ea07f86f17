// npm run bench:usage — live reads at the cost of buckets, not events. Loads events over 1,000
// customers (one of them holding a fifth of all events, this month) into PostgreSQL, lets the
// server's backfill job roll them up, then times, for the big customer, at 1/10 of the size and
// at full size: POST /v1/usage (window DAY, grouped by a property with 5 values), and its live
// draft invoice (GET /v1/customers/{id}/invoices) on a contract with 20 usage products priced
// per model (5 pricing-group values each); and the customer portal for that customer (first load:
// the page and the data it asks for; each live refresh: usage, spend, credits), paced under the
// portal's per-link rate limit.
// Sizes: BENCH_USAGE_EVENTS (default 10,000,000), BENCH_USAGE_REQUESTS (default 200).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { ensureBuilt, ensurePostgres, fmt, percentile } from "./support";

const TOTAL = Number(process.env.BENCH_USAGE_EVENTS ?? 10_000_000);
const REQUESTS = Number(process.env.BENCH_USAGE_REQUESTS ?? 200);
const CUSTOMERS = 1000;
const MODELS = ["aurora-large", "aurora-mini", "aurora-vision", "aurora-code", "aurora-embed"];
const HOUR = 3600_000;

const PRODUCTS = 20;

type Setup = { metricIds: string[]; bigCustomer: string; customerIds: string[]; monthStart: Date; now: Date };

async function setUp(server: ApiServer): Promise<Setup> {
  const { client } = server;
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const card = await client.v1.contracts.rateCards.create({ name: "Bench list" });
  const metricIds: string[] = [];
  for (let p = 0; p < PRODUCTS; p++) {
    const metric = await client.v1.billableMetrics.create({
      name: `Tokens ${p}`,
      aggregation_type: "SUM",
      aggregation_key: "tokens",
      event_type_filter: { in_values: [`call_${p}`] },
      property_filters: [{ name: "tokens", exists: true }],
      group_keys: [["model"]],
    });
    metricIds.push(metric.data.id);
    const product = await client.v1.contracts.products.create({ name: `Product ${p}`, type: "USAGE", billable_metric_id: metric.data.id, pricing_group_key: ["model"] });
    await client.v1.contracts.rateCards.rates.addMany({
      rate_card_id: card.data.id,
      rates: MODELS.map((model, m) => ({ product_id: product.data.id, entitled: true, rate_type: "FLAT" as const, price: 1 + m, starting_at: monthStart.toISOString(), pricing_group_values: { model } })),
    });
  }
  const customerIds: string[] = [];
  for (let c = 0; c < CUSTOMERS; c++) customerIds.push((await client.v1.customers.create({ name: `Customer ${c}` })).data.id);
  await client.v1.contracts.create({ customer_id: customerIds[0]!, rate_card_id: card.data.id, starting_at: monthStart.toISOString(), usage_statement_schedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" } });
  return { metricIds, bigCustomer: customerIds[0]!, customerIds, monthStart, now };
}

/** COPYs `count` events (from event number `offset`): a fifth to the big customer this month. */
async function load(databaseUrl: string, setup: Setup, offset: number, count: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const monthMs = setup.now.getTime() - setup.monthStart.getTime() - HOUR;
  const thirtyDays = 30 * 24 * HOUR;
  function* lines() {
    const CHUNK = 10_000;
    for (let start = offset; start < offset + count; start += CHUNK) {
      let chunk = "";
      for (let n = start; n < Math.min(offset + count, start + CHUNK); n++) {
        const big = n % 5 === 0;
        const customer = big ? setup.bigCustomer : setup.customerIds[1 + (n % (CUSTOMERS - 1))]!;
        const at = big ? setup.monthStart.getTime() + ((n * 7919) % monthMs) : setup.now.getTime() - HOUR - ((n * 104729) % thirtyDays);
        chunk += `bench-${n}\t${customer}\t${customer}\tcall_${(n >> 3) % PRODUCTS}\t${new Date(at).toISOString()}\t{"model": "${MODELS[n % 5]}", "tokens": ${(n * 31) % 5000}}\n`;
      }
      yield chunk;
    }
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties) FROM STDIN`)));
  // Copied rows skip ingest; the rollup job folds them in like any other. Statistics are brought
  // up to date as autovacuum would soon do, so the reads are measured in their steady state.
  await client.query("ANALYZE usage_event");
  await client.end();
}

async function waitForRollups(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (;;) {
    const { rows } = await client.query<{ done: boolean }>(`SELECT (SELECT rolled_seq FROM metering_catalog) >= (SELECT last_value FROM usage_event_seq_seq) AS done`);
    if (rows[0]!.done) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await client.query("ANALYZE usage_rollup");
  await client.end();
}

async function timed(count: number, request: () => Promise<void>) {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const started = performance.now();
    await request();
    if (i >= 10) times.push(performance.now() - started); // the first requests warm the server up
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function timeDraft(server: ApiServer, setup: Setup) {
  return timed(REQUESTS, async () => {
    const response = await server.fetch(`/v1/customers/${setup.bigCustomer}/invoices?limit=10`);
    const json = (await response.json()) as { data: { status: string; total: number }[] };
    if (response.status !== 200 || !json.data.some((i) => i.status === "DRAFT")) throw new Error(JSON.stringify(json).slice(0, 500));
  });
}

async function timeUsage(server: ApiServer, setup: Setup) {
  const body = JSON.stringify({
    starting_on: setup.monthStart.toISOString(),
    ending_before: new Date(Math.ceil(setup.now.getTime() / HOUR) * HOUR).toISOString(),
    window_size: "DAY",
    customer_ids: [setup.bigCustomer],
    billable_metrics: [{ id: setup.metricIds[0]!, group_by: { key: "model" } }],
  });
  return timed(REQUESTS, async () => {
    const response = await server.fetch("/v1/usage", { method: "POST", body, headers: { "content-type": "application/json" } });
    const json = await response.json();
    if (response.status !== 200) throw new Error(JSON.stringify(json));
  });
}

/** The customer portal, through an embeddable link: first load and each live refresh. */
async function timePortal(server: ApiServer, setup: Setup) {
  const { data } = await server.client.v1.dashboards.getEmbeddableURL({ customer_id: setup.bigCustomer, dashboard: "usage" });
  const page = new URL(data.url!);
  const token = page.searchParams.get("token")!;
  const get = async (path: string, auth: boolean) => {
    const response = await fetch(`${server.url}${path}`, auth ? { headers: { authorization: `Bearer ${token}` } } : undefined);
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
  };
  // The portal allows 5 requests a second per link (a burst of 20): the timings are paced under it.
  const paced = async (count: number, requestsEach: number, request: () => Promise<void>) => {
    const times: number[] = [];
    for (let i = 0; i < count + 3; i++) {
      const started = performance.now();
      await request();
      if (i >= 3) times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, Math.max(0, (requestsEach * 1000) / 4 - (performance.now() - started))));
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };
  const firstLoad = await paced(20, 3, async () => {
    await get(`${page.pathname}${page.search}`, false);
    await Promise.all([get("/api/portal/usage", true), get("/api/portal/alerts", true)]);
  });
  const refresh: Record<string, { p50: number; p95: number }> = {};
  for (const part of ["usage", "spend", "credits"]) refresh[part] = await paced(40, 1, () => get(`/api/portal/${part}`, true));
  return { firstLoad, refresh };
}

async function main() {
  ensurePostgres();
  ensureBuilt();
  const server = await startApiServer("postgresql");
  try {
    const setup = await setUp(server);
    const small = TOTAL / 10;
    console.log(`Loading ${fmt(small)} events…`);
    let t = performance.now();
    await load(server.databaseUrl!, setup, 0, small);
    await waitForRollups(server.databaseUrl!);
    console.log(`  loaded and rolled up in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const atSmall = await timeUsage(server, setup);
    const draftSmall = await timeDraft(server, setup);
    console.log(`Loading ${fmt(TOTAL - small)} more events…`);
    t = performance.now();
    await load(server.databaseUrl!, setup, small, TOTAL - small);
    await waitForRollups(server.databaseUrl!);
    console.log(`  loaded and rolled up in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const atFull = await timeUsage(server, setup);
    const draftFull = await timeDraft(server, setup);
    const portal = await timePortal(server, setup);

    console.log("\nbench:usage results (POST /v1/usage, big customer, window DAY, grouped by model, over HTTP)");
    console.log(`  at ${fmt(small)} events (${fmt(small / 5)} for the customer): p50 ${fmt(atSmall.p50, 1)} ms, p95 ${fmt(atSmall.p95, 1)} ms`);
    console.log(`  at ${fmt(TOTAL)} events (${fmt(TOTAL / 5)} for the customer): p50 ${fmt(atFull.p50, 1)} ms, p95 ${fmt(atFull.p95, 1)} ms (target < 50 ms)`);
    console.log(`  p95 ratio full/small: ${fmt(atFull.p95 / atSmall.p95, 2)} (target ≤ 2)`);
    console.log("bench:usage draft invoice (GET /v1/customers/{id}/invoices: the live draft of 20 products × 5 models)");
    console.log(`  at ${fmt(small)} events: p50 ${fmt(draftSmall.p50, 1)} ms, p95 ${fmt(draftSmall.p95, 1)} ms`);
    console.log(`  at ${fmt(TOTAL)} events: p50 ${fmt(draftFull.p50, 1)} ms, p95 ${fmt(draftFull.p95, 1)} ms (target < 50 ms)`);
    console.log(`bench:usage customer portal at ${fmt(TOTAL)} events (${fmt(TOTAL / 5)} for the customer this period)`);
    console.log(`  first load (page + its data): p50 ${fmt(portal.firstLoad.p50, 1)} ms, p95 ${fmt(portal.firstLoad.p95, 1)} ms (target < 1,000 ms)`);
    for (const [part, t] of Object.entries(portal.refresh)) console.log(`  live refresh /api/portal/${part}: p50 ${fmt(t.p50, 1)} ms, p95 ${fmt(t.p95, 1)} ms (target < 100 ms)`);
  } finally {
    await server.stop();
  }
}

await main();
process.exit(0);
