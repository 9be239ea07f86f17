// npm run bench:close — period close at scale on PostgreSQL: BENCH_CLOSE_CUSTOMERS (default
// 10,000) customers, each on a monthly contract whose rate card prices 5 usage products, with
// usage of every product last month (rolled up, as the server's job would have). Times one close
// of last month — what the scheduler does once its grace has passed — and checks it finalized
// one invoice per customer. Target: under 60 s for 10,000 customers.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openPostgres } from "@/lib/db/connection";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { bootstrap } from "@/lib/services/bootstrap";
import type { ServiceContext } from "@/lib/services/context";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import { createProduct } from "@/lib/services/products/create-product";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { freshPostgresUrl } from "@/lib/test-support/databases";
import { ensurePostgres, fmt } from "./support";

const CUSTOMERS = Number(process.env.BENCH_CLOSE_CUSTOMERS ?? 10_000);
const PRODUCTS = 5;
const EVENTS_PER_PRODUCT = 4;
const HOUR = 3_600_000;

async function main() {
  ensurePostgres();
  const { url, drop } = await freshPostgresUrl();
  const database = await openPostgres(url);
  const db = database.prisma;
  try {
    await bootstrap(db, {});
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const ctx: ServiceContext = { db, actor: { type: "system", name: "bench" } };

    const card = await createRateCard(ctx, { name: "Bench list" });
    const eventTypes: string[] = [];
    for (let p = 0; p < PRODUCTS; p++) {
      const metric = await db.billableMetric.create({ data: { name: `Calls ${p}`, aggregationType: "COUNT", eventTypeFilter: { in_values: [`call_${p}`] } } });
      const product = await createProduct(ctx, { name: `Product ${p}`, type: "USAGE", billable_metric_id: metric.id }, lastMonth);
      await addRate(ctx, { rate_card_id: card.id, product_id: product.id, entitled: true, rate_type: "FLAT", starting_at: lastMonth.toISOString(), price: 10 + p }, lastMonth);
      eventTypes.push(`call_${p}`);
    }

    const setupStarted = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO customer (id, name) SELECT gen_random_uuid(), 'Customer ' || n FROM generate_series(1, $1) AS n`,
      [CUSTOMERS],
    );
    await client.query(`INSERT INTO customer_alias (customer_id, alias) SELECT id, 'bench-' || id FROM customer`);
    await client.query(
      `INSERT INTO contract (id, customer_id, rate_card_id, name, starting_at, usage_statement_day, next_period_start)
       SELECT gen_random_uuid(), id, $1, 'Bench contract', $2, 'FIRST_OF_MONTH', $2 FROM customer`,
      [card.id, lastMonth],
    );
    const { rows: customers } = await client.query<{ id: string }>(`SELECT id FROM customer ORDER BY id`);
    function* lines() {
      for (const [c, { id }] of customers.entries()) {
        let chunk = "";
        for (let p = 0; p < PRODUCTS; p++) {
          for (let e = 0; e < EVENTS_PER_PRODUCT; e++) {
            const at = new Date(lastMonth.getTime() + ((c * 7 + p * 13 + e * 101) % 600) * HOUR).toISOString();
            chunk += `bench-${c}-${p}-${e}\tbench-${id}\t${id}\t${eventTypes[p]}\t${at}\t{}\n`;
          }
        }
        yield chunk;
      }
    }
    await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY usage_event (transaction_id, customer_alias, customer_id, event_type, "timestamp", properties) FROM STDIN`)));
    await client.query("ANALYZE");
    await client.end();
    await rollUpAll(db);
    console.log(`Set up ${fmt(CUSTOMERS)} customers × ${PRODUCTS} products, ${fmt(CUSTOMERS * PRODUCTS * EVENTS_PER_PRODUCT)} events in ${fmt((performance.now() - setupStarted) / 1000, 1)} s.`);

    const at = new Date(thisMonth.getTime() + 25 * HOUR);
    const started = performance.now();
    const result = await closePeriods(db, at, 24);
    const seconds = (performance.now() - started) / 1000;
    if (result.failures.length > 0 || result.finalized !== CUSTOMERS) throw new Error(`Expected ${CUSTOMERS} invoices, got ${JSON.stringify({ finalized: result.finalized, failures: result.failures.slice(0, 3) })}`);
    const lineCount = await db.invoiceLineItem.count();
    console.log(`\nbench:close (PostgreSQL): ${fmt(result.finalized)} invoices (${fmt(lineCount)} lines) finalized in ${fmt(seconds, 1)} s — ${fmt(result.finalized / seconds)} invoices/s (target: ${fmt(CUSTOMERS)} in under 60 s: ${seconds < 60 ? "met" : "NOT met"})`);
  } finally {
    await database.close();
    await drop();
  }
}

await main();
