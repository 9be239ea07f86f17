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
import pg from "pg";
import { signSessionToken, SESSION_COOKIE } from "@/lib/auth/session-token";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { catalog, copyEvents, HOUR, seed, settled } from "./console-seed";
import { ensureBuilt, ensurePostgres, fmt, peakRssMb, percentile } from "./support";

const CUSTOMERS = Number(process.env.BENCH_CONSOLE_CUSTOMERS ?? 100_000);
const SMALL = Math.min(1000, CUSTOMERS);
const BURST = Number(process.env.BENCH_CONSOLE_BURST ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 20);

async function signedIn(server: ApiServer, secret: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const expiresAt = new Date(Date.now() + 24 * HOUR);
  const { rows } = await client.query<{ id: string }>(`INSERT INTO session (user_id, expires_at) SELECT id, $1 FROM "user" WHERE email = 'bench@example.com' RETURNING id`, [expiresAt]);
  await client.end();
  return `${SESSION_COOKIE}=${await signSessionToken(rows[0]!.id, expiresAt, secret)}`;
}

/**
 * A bulk load leaves the vacuum and statistics work a database that grew over months has long
 * done; autovacuum doing it during the measurement times the vacuum, not the console.
 */
async function quiesce(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  await client.end();
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
    await quiesce(url);
    const small = await pages(server, cookie, sample[0]!.id, c.monthStart);

    let big = small;
    if (CUSTOMERS > SMALL) {
      const started = performance.now();
      for (let from = SMALL; from < CUSTOMERS; from += 20_000) await seed(url, c, from, Math.min(CUSTOMERS, from + 20_000));
      const seededS = (performance.now() - started) / 1000;
      const settleS = await settled(url, new Date());
      lines.push(`Seeded ${fmt(CUSTOMERS - SMALL)} more customers in ${fmt(seededS, 1)} s; every one priced and stored ${fmt(settleS, 1)} s after the seed ended (${fmt((CUSTOMERS - SMALL) / (seededS + settleS))} customers/s from the seed's start).`);
      await quiesce(url);
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
