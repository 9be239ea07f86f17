// npm run bench:console — the console at the size of a real customer base, on PostgreSQL.
// Seeds BENCH_CONSOLE_CUSTOMERS (default 100,000) customers, each on a contract whose rate card
// prices 5 usage products (a fifth with a prepaid commit, a tenth with a seat subscription) and
// with 6 events this month; measures the console's pages (server time, p50/p95) at 1,000
// customers and again at the full size; then sends a burst of BENCH_CONSOLE_BURST (default
// 1,000,000) events across all customers and times how long until every stored draft reflects
// it. The catalog is created through the SDK; customers, contracts and events are written in
// bulk SQL and COPY (through the services they would take hours), which the billing-state
// triggers see exactly as they see the services' writes.
// Targets: every page p95 < 500 ms at 100,000 customers; p95(N) ÷ p95(1,000) ≤ 3; refresh lag
// after the burst < 60 s; the server's peak RSS < 1 GB.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { signSessionToken, SESSION_COOKIE } from "@/lib/auth/session-token";
import { LOCK_CATALOG_SHARED_SQL } from "@/lib/metering/catalog";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { ensureBuilt, ensurePostgres, fmt, peakRssMb, percentile } from "./support";

const CUSTOMERS = Number(process.env.BENCH_CONSOLE_CUSTOMERS ?? 100_000);
const SMALL = Math.min(1000, CUSTOMERS);
const BURST = Number(process.env.BENCH_CONSOLE_BURST ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 20);
const PRODUCTS = 5;
const EVENTS_EACH = 6;
const HOUR = 3_600_000;

type Catalog = { cardId: string; fixedId: string; seatsId: string; monthStart: Date; now: Date };

async function catalog(server: ApiServer): Promise<Catalog> {
  const { client } = server;
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const card = await client.v1.contracts.rateCards.create({ name: "Bench list" });
  for (let p = 0; p < PRODUCTS; p++) {
    const metric = await client.v1.billableMetrics.create({ name: `Calls ${p}`, aggregation_type: "COUNT", event_type_filter: { in_values: [`call_${p}`] } });
    const product = await client.v1.contracts.products.create({ name: `Product ${p}`, type: "USAGE", billable_metric_id: metric.data.id });
    await client.v1.contracts.rateCards.rates.add({ rate_card_id: card.data.id, product_id: product.data.id, entitled: true, rate_type: "FLAT", price: 10 + p, starting_at: monthStart.toISOString() });
  }
  const fixed = await client.v1.contracts.products.create({ name: "Prepaid balance", type: "FIXED" });
  const seats = await client.v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION" });
  await client.v1.contracts.rateCards.rates.add({ rate_card_id: card.data.id, product_id: seats.data.id, entitled: true, rate_type: "SUBSCRIPTION", price: 2000, billing_frequency: "MONTHLY", starting_at: monthStart.toISOString() });
  return { cardId: card.data.id, fixedId: fixed.data.id, seatsId: seats.data.id, monthStart, now };
}

/** Customers numbered [from, to): contracts, commits for every fifth, seats for every tenth, and their events this month. */
async function seed(databaseUrl: string, c: Catalog, from: number, to: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`CREATE TEMP TABLE seeded ON COMMIT DROP AS SELECT gen_random_uuid() AS id, n FROM generate_series($1::int, $2::int - 1) AS n`, [from, to]);
    await client.query(`INSERT INTO customer (id, name) SELECT id, 'Customer ' || lpad(n::text, 6, '0') FROM seeded`);
    await client.query(`INSERT INTO customer_alias (customer_id, alias) SELECT id, 'bench-' || n FROM seeded`);
    await client.query(
      `INSERT INTO contract (id, customer_id, rate_card_id, name, starting_at, usage_statement_day, next_period_start)
       SELECT gen_random_uuid(), id, $1, 'Bench contract', $2, 'FIRST_OF_MONTH', $2 FROM seeded`,
      [c.cardId, c.monthStart],
    );
    await client.query(
      `WITH made AS (
         INSERT INTO commit (id, customer_id, contract_id, kind, type, name, product_id, credit_type_id, applicable_product_ids, applicable_product_tags, priority)
         SELECT gen_random_uuid(), s.id, k.id, 'COMMIT', 'PREPAID', 'Prepaid commit', $1, $2, '{}', '{}', 1
         FROM seeded s JOIN contract k ON k.customer_id = s.id WHERE s.n % 5 = 0 RETURNING id, customer_id)
       INSERT INTO balance_segment (customer_id, commit_id, amount, starting_at, ending_before)
       SELECT customer_id, id, 2000, $3, $3::timestamptz + interval '1 year' FROM made`,
      [c.fixedId, USD_CENTS.id, c.monthStart],
    );
    await client.query(
      `WITH made AS (
         INSERT INTO subscription (id, contract_id, customer_id, product_id, name, starting_at, collection_schedule)
         SELECT gen_random_uuid(), k.id, s.id, $1, 'Seats', $2, 'ADVANCE'
         FROM seeded s JOIN contract k ON k.customer_id = s.id WHERE s.n % 10 = 0 RETURNING id)
       INSERT INTO subscription_quantity (subscription_id, starting_at, quantity) SELECT id, $2, 3 FROM made`,
      [c.seatsId, c.monthStart],
    );
    await client.query("COMMIT");
    const span = Math.max(HOUR, c.now.getTime() - c.monthStart.getTime() - HOUR);
    await copyEvents(client, from, to, EVENTS_EACH, "seed", (n, e) => c.monthStart.getTime() + ((n * 7919 + e * 104729) % span));
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

async function copyEvents(client: pg.Client, from: number, to: number, each: number, tag: string, at: (n: number, e: number) => number) {
  function* lines() {
    for (let n = from; n < to; n++) {
      let chunk = "";
      for (let e = 0; e < each; e++) chunk += `${tag}-${n}-${e}\tbench-${n}\tcall_${(n + e) % PRODUCTS}\t${new Date(at(n, e)).toISOString()}\t{}\n`;
      yield chunk;
    }
  }
  // customer_id resolved from the alias in SQL after the COPY, as ingest resolves it.
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS incoming (transaction_id text, customer_alias text, event_type text, "timestamp" timestamptz, properties jsonb)`);
  await client.query(`TRUNCATE incoming`);
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY incoming FROM STDIN`)));
  // Under the ingest lock, as ingest writes: the rollup job and the event pass read only sequence
  // numbers below every writer still in flight (catalog.ts), so they never skip these rows.
  await client.query("BEGIN");
  await client.query(LOCK_CATALOG_SHARED_SQL);
  await client.query(
    `INSERT INTO usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties)
     SELECT i.transaction_id, i.customer_alias, a.customer_id, i.event_type, i."timestamp", i.properties FROM incoming i JOIN customer_alias a ON a.alias = i.customer_alias`,
  );
  await client.query("COMMIT");
}

/** Waits until the stored state holds every change made before `since`; returns the seconds it took from `since`. */
async function settled(databaseUrl: string, since: Date, limitS = 3600): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ settled_at: Date | null }>(`SELECT settled_at FROM job_cursor WHERE name = 'billing state'`);
      const at = rows[0]?.settled_at;
      if (at && at >= since) return (Date.now() - since.getTime()) / 1000;
      if (Date.now() - since.getTime() > limitS * 1000) throw new Error(`The billing state did not settle within ${limitS} s.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await client.end();
  }
}

async function signedIn(server: ApiServer, secret: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const expiresAt = new Date(Date.now() + 24 * HOUR);
  const { rows } = await client.query<{ id: string }>(`INSERT INTO session (user_id, expires_at) SELECT id, $1 FROM "user" WHERE email = 'bench@example.com' RETURNING id`, [expiresAt]);
  await client.end();
  return `${SESSION_COOKIE}=${await signSessionToken(rows[0]!.id, expiresAt, secret)}`;
}

type Timing = { p50: number; p95: number };

async function pages(server: ApiServer, cookie: string, customerId: string, monthStart: Date): Promise<Record<string, Timing>> {
  const day = monthStart.toISOString().slice(0, 10);
  const paths: Record<string, string> = {
    "/": "/",
    "/customers": "/customers",
    "/customers by charges": "/customers?sort=charges&order=desc",
    "/invoices": "/invoices",
    "/invoices (drafts from this month)": `/invoices?status=DRAFT&from=${day}`,
    "/contracts": "/contracts",
    "/customers/{id}": `/customers/${customerId}`,
    "/api/console/overview": "/api/console/overview?range=7d",
  };
  const out: Record<string, Timing> = {};
  for (const [name, path] of Object.entries(paths)) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
      if (i >= 3) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    out[name] = { p50: percentile(times, 50), p95: percentile(times, 95) };
  }
  return out;
}

async function main() {
  ensurePostgres();
  ensureBuilt();
  const secret = randomBytes(32).toString("hex");
  const server = await startApiServer("postgresql", { RATELINE_SECRET: secret, RATELINE_ADMIN_EMAIL: "bench@example.com", RATELINE_ADMIN_PASSWORD: "bench-password-1234" });
  const url = server.databaseUrl!;
  try {
    const c = await catalog(server);
    const cookie = await signedIn(server, secret);
    const lines: string[] = [];

    await seed(url, c, 0, SMALL);
    const smallSettle = await settled(url, new Date());
    lines.push(`Seeded ${fmt(SMALL)} customers; every one priced and stored ${fmt(smallSettle, 1)} s after the seed ended.`);
    const pg1 = new pg.Client({ connectionString: url });
    await pg1.connect();
    const { rows: sample } = await pg1.query<{ id: string }>(`SELECT customer_id AS id FROM commit ORDER BY customer_id LIMIT 1`);
    await pg1.end();
    const small = await pages(server, cookie, sample[0]!.id, c.monthStart);

    let big = small;
    if (CUSTOMERS > SMALL) {
      const started = performance.now();
      for (let from = SMALL; from < CUSTOMERS; from += 20_000) await seed(url, c, from, Math.min(CUSTOMERS, from + 20_000));
      const seededS = (performance.now() - started) / 1000;
      const settleS = await settled(url, new Date());
      lines.push(`Seeded ${fmt(CUSTOMERS - SMALL)} more customers in ${fmt(seededS, 1)} s; every one priced and stored ${fmt(settleS, 1)} s after the seed ended (${fmt((CUSTOMERS - SMALL) / (seededS + settleS))} customers/s from the seed's start).`);
      big = await pages(server, cookie, sample[0]!.id, c.monthStart);
    }

    // The burst: events across all customers, then the time until every stored draft reflects them.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const burstStarted = performance.now();
    const each = Math.max(1, Math.round(BURST / CUSTOMERS));
    const span = Math.max(HOUR, c.now.getTime() - c.monthStart.getTime() - HOUR);
    await copyEvents(client, 0, CUSTOMERS, each, "burst", (n, e) => c.monthStart.getTime() + ((n * 104729 + e * 7919) % span));
    await client.end();
    const burstEnd = new Date();
    const lag = await settled(url, burstEnd);
    lines.push(`Burst of ${fmt(each * CUSTOMERS)} events written in ${fmt((performance.now() - burstStarted) / 1000 - lag, 1)} s; every stored draft reflected it ${fmt(lag, 1)} s later (target < 60 s: ${lag < 60 ? "met" : "NOT met"}).`);
    const rss = peakRssMb(server.pid);

    console.log(`\nbench:console (PostgreSQL) — server time in ms, ${REQUESTS} requests each`);
    console.log(`${"page".padEnd(38)} ${`${fmt(SMALL)}: p50`.padStart(12)} ${"p95".padStart(8)} ${`${fmt(CUSTOMERS)}: p50`.padStart(14)} ${"p95".padStart(8)} ${"ratio".padStart(6)}`);
    let worst = 0;
    let worstRatio = 0;
    for (const name of Object.keys(small)) {
      const s = small[name]!;
      const b = big[name]!;
      worst = Math.max(worst, b.p95);
      worstRatio = Math.max(worstRatio, b.p95 / s.p95);
      console.log(`${name.padEnd(38)} ${fmt(s.p50, 1).padStart(12)} ${fmt(s.p95, 1).padStart(8)} ${fmt(b.p50, 1).padStart(14)} ${fmt(b.p95, 1).padStart(8)} ${fmt(b.p95 / s.p95, 2).padStart(6)}`);
    }
    for (const line of lines) console.log(line);
    console.log(`Worst p95 at ${fmt(CUSTOMERS)} customers: ${fmt(worst, 1)} ms (target < 500: ${worst < 500 ? "met" : "NOT met"}); worst p95 ratio ${fmt(worstRatio, 2)} (target ≤ 3: ${worstRatio <= 3 ? "met" : "NOT met"}).`);
    console.log(`Server peak RSS: ${fmt(rss)} MB (target < 1,024: ${rss < 1024 ? "met" : "NOT met"}).`);
  } finally {
    await server.stop();
  }
}

await main();
