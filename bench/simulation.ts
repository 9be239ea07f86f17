// npm run bench:simulation — a pricing simulation over a real customer base, on PostgreSQL.
// Seeds BENCH_SIMULATION_CONTRACTS (default 10,000) customers, each on a contract on a 5-product
// rate card (as bench:console does: a fifth with a prepaid commit, a tenth with seats, 6 events
// this month), waits until the server's background jobs have rolled up and stored everything,
// then starts a simulation of a price change on the card through the service the console's
// form calls and times the server's simulation job until the stored run is done.
// Target: under 60 s for 10,000 contracts.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPostgres } from "@/lib/db/connection";
import { systemActor } from "@/lib/services/context";
import { startSimulation } from "@/lib/services/simulations/start-simulation";
import { startApiServer } from "@/lib/test-support/api-server";
import { catalog, HOUR, seed, settled } from "./console-seed";
import { ensureBuilt, ensurePostgres, fmt, peakRssMb } from "./support";

const CONTRACTS = Number(process.env.BENCH_SIMULATION_CONTRACTS ?? 10_000);
const SEED_BATCH = 5_000;

async function main() {
  ensurePostgres();
  ensureBuilt();
  const server = await startApiServer("postgresql", { RATELINE_SECRET: randomBytes(32).toString("hex") });
  const url = server.databaseUrl!;
  const database = await openPostgres(url);
  try {
    const c = await catalog(server);
    const seeded = performance.now();
    for (let from = 0; from < CONTRACTS; from += SEED_BATCH) await seed(url, c, from, Math.min(CONTRACTS, from + SEED_BATCH));
    const settleS = await settled(url, new Date());
    console.log(`Seeded ${fmt(CONTRACTS)} customers and contracts; stored and settled ${fmt((performance.now() - seeded) / 1000, 1)} s after the seed began (${fmt(settleS, 1)} s after it ended).`);

    const started = performance.now();
    const nextHour = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
    const { id } = await startSimulation(
      { db: database.prisma, actor: systemActor("bench") },
      { simulation: { proposed_rate: { rate_card_id: c.cardId, product_id: c.productIds[0]!, entitled: true, rate_type: "FLAT", price: 15, starting_at: nextHour.toISOString() } } },
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    type RunRow = { status: string; contracts_done: number; contracts_total: number; error: string | null; started_at: Date | null; finished_at: Date | null };
    let run: RunRow;
    let lastShown = -1;
    for (;;) {
      const { rows } = await client.query<RunRow>(`SELECT status::text, contracts_done, contracts_total, error, started_at, finished_at FROM simulation_run WHERE id = $1`, [id]);
      run = rows[0]!;
      if (run.status === "DONE" || run.status === "FAILED") break;
      const tenth = Math.floor((run.contracts_done / Math.max(1, run.contracts_total)) * 10);
      if (tenth !== lastShown) console.log(`  ${fmt(run.contracts_done)} of ${fmt(run.contracts_total)} contracts priced after ${fmt((performance.now() - started) / 1000, 1)} s`);
      lastShown = tenth;
      if (performance.now() - started > 600_000) throw new Error("The simulation did not finish within 10 minutes.");
      await new Promise((r) => setTimeout(r, 200));
    }
    const wallS = (performance.now() - started) / 1000;
    const { rows: impacts } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM simulation_impact WHERE run_id = $1`, [id]);
    await client.end();
    if (run.status === "FAILED") throw new Error(`The simulation failed: ${run.error}`);
    const jobS = (run.finished_at!.getTime() - run.started_at!.getTime()) / 1000;
    console.log(`\nbench:simulation (PostgreSQL)`);
    console.log(`Simulation of ${fmt(run.contracts_done)} contracts (${fmt(Number(impacts[0]!.n))} stored impacts): ${fmt(wallS, 1)} s from submit to done; the job priced them in ${fmt(jobS, 1)} s (${fmt(run.contracts_done / jobS)} contracts/s). Target < 60 s: ${wallS < 60 ? "met" : "NOT met"}.`);
    console.log(`Server peak RSS: ${fmt(peakRssMb(server.pid))} MB.`);
  } finally {
    await database.close();
    await server.stop();
  }
}

await main();
