// npm run bench:ingest — 1,000,000 events through POST /v1/ingest (batches of 1,000, 4 concurrent
// clients) against PostgreSQL, beside a raw COPY of the same rows into the same table; then the
// same API run against the embedded PGlite. Prints events/s, the ratio to COPY, the server's peak
// RSS and where the CPU went. Each server first takes 20,000 events to warm up, not measured.
// Sizes: BENCH_EVENTS (default 1,000,000),
// BENCH_PGLITE_EVENTS (default 200,000).
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import http from "node:http";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { cpuSeconds, ensureBuilt, ensurePostgres, fmt, peakRssMb } from "./support";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_EVENTS ?? 200_000);
const WARM_UP_EVENTS = 20_000;
const BATCH = 1000;
const CLIENTS = 4;
const CUSTOMERS = 100;
const MODELS = ["aurora-large", "aurora-mini", "aurora-vision", "aurora-code", "aurora-embed"];

function batches(total: number, runId: string): string[] {
  const start = Date.now() - 6 * 3600_000;
  const bodies: string[] = [];
  for (let b = 0; b < total / BATCH; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      events.push({
        transaction_id: `${runId}-${n}`,
        customer_id: `bench-customer-${n % CUSTOMERS}`,
        event_type: n % 10 === 0 ? "embedding" : "completion",
        timestamp: new Date(start + (n % 21_600_000)).toISOString(),
        properties: { model: MODELS[n % MODELS.length], tokens: (n * 7919) % 4000, user: `u${n % 500}`, region: n % 3 ? "us" : "eu" },
      });
    }
    bodies.push(JSON.stringify(events));
  }
  return bodies;
}

async function setUp(server: ApiServer) {
  const { client } = server;
  await client.v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", property_filters: [{ name: "tokens", exists: true }], event_type_filter: { in_values: ["completion"] }, group_keys: [["model"], ["region"]] });
  await client.v1.billableMetrics.create({ name: "Requests", aggregation_type: "COUNT", group_keys: [["model"]] });
  await client.v1.billableMetrics.create({ name: "Active users", aggregation_type: "UNIQUE", aggregation_key: "user", property_filters: [{ name: "user", exists: true }] });
  for (let c = 0; c < CUSTOMERS; c++) await client.v1.customers.create({ name: `Bench customer ${c}`, ingest_aliases: [`bench-customer-${c}`] });
}

// node:http with kept-alive connections: the load generator shares the server's two cores, and
// it costs half the CPU of fetch.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(server: ApiServer, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${server.token}` };
    const request = http.request(`${server.url}/v1/ingest`, { method: "POST", agent, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function ingestThroughApi(server: ApiServer, bodies: string[]) {
  let next = 0;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(server.pid))), 500);
  const cpu = cpuSplit(server);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const { status, text } = await post(server, body);
        if (status !== 200) throw new Error(`ingest answered ${status}: ${text}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { seconds, rate: (bodies.length * BATCH) / seconds, peakRss: Math.max(peak, peakRssMb(server.pid)), cpu: cpu() };
}

/** Where the CPU went while ingesting: the server, PostgreSQL (when it runs here) and this client. */
function cpuSplit(server: ApiServer) {
  const postgres = () => cpuSeconds((_, command) => command.startsWith("postgres"));
  const serverCpu = () => cpuSeconds((pid) => pid === server.pid);
  const before = { postgres: postgres(), server: serverCpu(), client: process.cpuUsage() };
  return () => {
    const client = process.cpuUsage(before.client);
    return { server: serverCpu() - before.server, postgres: postgres() - before.postgres, client: (client.user + client.system) / 1e6 };
  };
}

/** The first requests load and compile the ingest path; the measurement is of the steady state. */
async function warmUp(server: ApiServer, runId: string) {
  await ingestThroughApi(server, batches(WARM_UP_EVENTS, `${runId}-warm-up`));
}

/** COPY of the same rows into usage_event (emptied first), with the customer already resolved. */
async function rawCopy(databaseUrl: string, bodies: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const customers = new Map((await client.query<{ alias: string; customer_id: string }>("SELECT alias, customer_id FROM customer_alias")).rows.map((r) => [r.alias, r.customer_id]));
  // The server's rollup job is still folding in what the API took: let it finish, so that it
  // does not compete with the COPY being measured.
  for (;;) {
    const { rows } = await client.query<{ behind: boolean }>(
      `SELECT (SELECT rolled_seq FROM metering_catalog WHERE id = 1) < coalesce(pg_sequence_last_value('usage_event_seq_seq'), 0) AS behind`,
    );
    if (!rows[0]!.behind) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await client.query("TRUNCATE usage_event");
  const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
  function* lines() {
    for (const body of bodies) {
      let chunk = "";
      for (const e of JSON.parse(body) as { transaction_id: string; customer_id: string; event_type: string; timestamp: string; properties: unknown }[]) {
        chunk += `${escape(e.transaction_id)}\t${escape(e.customer_id)}\t${customers.get(e.customer_id) ?? "\\N"}\t${e.event_type}\t${e.timestamp}\t${escape(JSON.stringify(e.properties))}\n`;
      }
      yield chunk;
    }
  }
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties) FROM STDIN`));
  await pipeline(Readable.from(lines()), stream);
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { seconds, rate: (bodies.length * BATCH) / seconds };
}

async function main() {
  ensurePostgres();
  ensureBuilt();
  console.log(`Generating ${fmt(EVENTS)} events…`);
  const runId = `pg-${Date.now()}`;
  const bodies = batches(EVENTS, runId);

  const server = await startApiServer("postgresql");
  let api, copy;
  try {
    await setUp(server);
    await warmUp(server, runId);
    console.log(`PostgreSQL: ingesting through the API (${CLIENTS} clients × batches of ${BATCH})…`);
    api = await ingestThroughApi(server, bodies);
    console.log(`PostgreSQL: raw COPY of the same rows…`);
    copy = await rawCopy(server.databaseUrl!, bodies);
  } finally {
    await server.stop();
  }

  const pgliteBodies = bodies.slice(0, PGLITE_EVENTS / BATCH);
  const embedded = await startApiServer("pglite");
  let lite;
  try {
    await setUp(embedded);
    await warmUp(embedded, runId);
    console.log(`PGlite: ingesting ${fmt(PGLITE_EVENTS)} events through the API…`);
    lite = await ingestThroughApi(embedded, pgliteBodies);
  } finally {
    await embedded.stop();
  }

  console.log("\nbench:ingest results");
  console.log(`  PostgreSQL API ingest: ${fmt(EVENTS)} events in ${fmt(api.seconds, 1)} s = ${fmt(api.rate)} events/s (server peak RSS ${fmt(api.peakRss)} MB)`);
  console.log(`    CPU while ingesting:  server ${fmt(api.cpu.server, 1)} s, PostgreSQL ${fmt(api.cpu.postgres, 1)} s, benchmark client ${fmt(api.cpu.client, 1)} s`);
  console.log(`  PostgreSQL raw COPY:   ${fmt(EVENTS)} rows in ${fmt(copy.seconds, 1)} s = ${fmt(copy.rate)} rows/s`);
  console.log(`  API / COPY:            ${fmt((api.rate / copy.rate) * 100, 1)}% (target ≥ 50%)`);
  console.log(`  PGlite API ingest:     ${fmt(PGLITE_EVENTS)} events in ${fmt(lite.seconds, 1)} s = ${fmt(lite.rate)} events/s (server peak RSS ${fmt(lite.peakRss)} MB)`);
}

await main();
process.exit(0);
