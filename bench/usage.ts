// npm run bench:usage — usage reads at the cost of buckets, not events. Loads events over 1,000
// customers (one of them holding a fifth of all events, this month) into PostgreSQL, lets the
// server's backfill job roll them up, then times POST /v1/usage for the big customer (window DAY,
// grouped by a property with 5 values) at 1/10 of the size and at full size.
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

type Setup = { metricId: string; bigCustomer: string; customerIds: string[]; monthStart: Date; now: Date };

async function setUp(server: ApiServer): Promise<Setup> {
  const { client } = server;
  const metric = await client.v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", property_filters: [{ name: "tokens", exists: true }], group_keys: [["model"]] });
  const customerIds: string[] = [];
  for (let c = 0; c < CUSTOMERS; c++) customerIds.push((await client.v1.customers.create({ name: `Customer ${c}` })).data.id);
  const now = new Date();
  return { metricId: metric.data.id, bigCustomer: customerIds[0]!, customerIds, monthStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), now };
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
        chunk += `bench-${n}\t${customer}\t${customer}\tcompletion\t${new Date(at).toISOString()}\t{"model": "${MODELS[n % 5]}", "tokens": ${(n * 31) % 5000}}\n`;
      }
      yield chunk;
    }
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties) FROM STDIN`)));
  // Hand the copied rows to the metric's backfill, as if the metric had been created after them.
  await client.query(`UPDATE billable_metric SET backfill_through_seq = (SELECT last_value FROM usage_event_seq_seq) WHERE id = $1`, [setup.metricId]);
  await client.end();
}

async function waitForBackfill(databaseUrl: string, metricId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (;;) {
    const { rows } = await client.query<{ done: boolean }>(`SELECT backfilled_seq >= backfill_through_seq AS done FROM billable_metric WHERE id = $1`, [metricId]);
    if (rows[0]!.done) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await client.end();
}

async function timeUsage(server: ApiServer, setup: Setup) {
  const body = JSON.stringify({
    starting_on: setup.monthStart.toISOString(),
    ending_before: new Date(Math.ceil(setup.now.getTime() / HOUR) * HOUR).toISOString(),
    window_size: "DAY",
    customer_ids: [setup.bigCustomer],
    billable_metrics: [{ id: setup.metricId, group_by: { key: "model" } }],
  });
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < REQUESTS + 10; i++) {
    const started = performance.now();
    const response = await server.fetch("/v1/usage", { method: "POST", body, headers: { "content-type": "application/json" } });
    const json = (await response.json()) as { data: { value: number }[] };
    if (response.status !== 200) throw new Error(JSON.stringify(json));
    if (i >= 10) times.push(performance.now() - started); // the first requests warm the server up
    total = json.data.reduce((sum, d) => sum + d.value, 0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), total };
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
    await waitForBackfill(server.databaseUrl!, setup.metricId);
    console.log(`  loaded and rolled up in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const atSmall = await timeUsage(server, setup);
    console.log(`Loading ${fmt(TOTAL - small)} more events…`);
    t = performance.now();
    await load(server.databaseUrl!, setup, small, TOTAL - small);
    await waitForBackfill(server.databaseUrl!, setup.metricId);
    console.log(`  loaded and rolled up in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const atFull = await timeUsage(server, setup);

    console.log("\nbench:usage results (POST /v1/usage, big customer, window DAY, grouped by model, over HTTP)");
    console.log(`  at ${fmt(small)} events (${fmt(small / 5)} for the customer): p50 ${fmt(atSmall.p50, 1)} ms, p95 ${fmt(atSmall.p95, 1)} ms`);
    console.log(`  at ${fmt(TOTAL)} events (${fmt(TOTAL / 5)} for the customer): p50 ${fmt(atFull.p50, 1)} ms, p95 ${fmt(atFull.p95, 1)} ms (target < 50 ms)`);
    console.log(`  p95 ratio full/small: ${fmt(atFull.p95 / atSmall.p95, 2)} (target ≤ 2)`);
  } finally {
    await server.stop();
  }
}

await main();
process.exit(0);
