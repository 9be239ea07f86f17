import { config } from "@/lib/config";
import { openDatabase, type Database } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrations";
import { bootstrap } from "@/lib/services/bootstrap";
import { seedDemoIfEmpty } from "@/lib/seed/demo-seed";

// The server's one database connection, opened at start-up (instrumentation.ts) and shared by
// every request. Kept on globalThis so that bundles loaded separately by Next.js share it too.
const globalForDb = globalThis as unknown as { __ratelineDatabase?: Promise<Database> };

async function start(): Promise<Database> {
  const cfg = config();
  const database = await openDatabase(cfg, { role: "server", port: cfg.port });
  try {
    const applied = await applyMigrations(database.adapterFactory);
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
    await bootstrap(database.prisma, cfg);
    if (cfg.seed === "demo") await seedDemoIfEmpty(database.prisma, new Date());
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function getDatabase(): Promise<Database> {
  globalForDb.__ratelineDatabase ??= start();
  return globalForDb.__ratelineDatabase;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
