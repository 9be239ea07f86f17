// The customer base the console benchmarks seed (bench:console, bench:simulation): a rate card
// pricing PRODUCTS usage products, made through the SDK, and customers each on a contract on it
// (a fifth with a prepaid commit, a tenth with a seat subscription) with EVENTS_EACH events this
// month, written in bulk SQL and COPY (through the services they would take hours), which the
// billing-state triggers see exactly as they see the services' writes.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { LOCK_CATALOG_SHARED_SQL } from "@/lib/metering/catalog";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import type { ApiServer } from "@/lib/test-support/api-server";

export const PRODUCTS = 5;
const EVENTS_EACH = 6;
export const HOUR = 3_600_000;

export type Catalog = { cardId: string; productIds: string[]; fixedId: string; seatsId: string; monthStart: Date; now: Date };

export async function catalog(server: ApiServer): Promise<Catalog> {
  const { client } = server;
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const card = await client.v1.contracts.rateCards.create({ name: "Bench list" });
  const productIds: string[] = [];
  for (let p = 0; p < PRODUCTS; p++) {
    const metric = await client.v1.billableMetrics.create({ name: `Calls ${p}`, aggregation_type: "COUNT", event_type_filter: { in_values: [`call_${p}`] } });
    const product = await client.v1.contracts.products.create({ name: `Product ${p}`, type: "USAGE", billable_metric_id: metric.data.id });
    await client.v1.contracts.rateCards.rates.add({ rate_card_id: card.data.id, product_id: product.data.id, entitled: true, rate_type: "FLAT", price: 10 + p, starting_at: monthStart.toISOString() });
    productIds.push(product.data.id);
  }
  const fixed = await client.v1.contracts.products.create({ name: "Prepaid balance", type: "FIXED" });
  const seats = await client.v1.contracts.products.create({ name: "Seats", type: "SUBSCRIPTION" });
  await client.v1.contracts.rateCards.rates.add({ rate_card_id: card.data.id, product_id: seats.data.id, entitled: true, rate_type: "SUBSCRIPTION", price: 2000, billing_frequency: "MONTHLY", starting_at: monthStart.toISOString() });
  return { cardId: card.data.id, productIds, fixedId: fixed.data.id, seatsId: seats.data.id, monthStart, now };
}

/** Customers numbered [from, to): contracts, commits for every fifth, seats for every tenth, and their events this month. */
export async function seed(databaseUrl: string, c: Catalog, from: number, to: number): Promise<void> {
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

export async function copyEvents(client: pg.Client, from: number, to: number, each: number, tag: string, at: (n: number, e: number) => number) {
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
export async function settled(databaseUrl: string, since: Date, limitS = 3600): Promise<number> {
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

