import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { ConfigError, type Config } from "../config";
import { acquireDataDirLock, type LockHolder } from "./data-dir-lock";
import { PrismaClient } from "./generated/client";

export type DatabaseMode = "pglite" | "postgresql";

export type Database = {
  mode: DatabaseMode;
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Embedded mode, server role: the token that lets local commands act through this server. */
  controlToken?: string;
  close(): Promise<void>;
};

export type OpenOptions = { role?: LockHolder["role"]; port?: number };

/** An embedded database held in memory: for tests and for scratch work (migration diffs). */
export async function openMemoryDatabase(): Promise<Database> {
  const pglite = await PGlite.create();
  return fromPGlite(pglite, async () => {});
}

function fromPGlite(pglite: PGlite, release: () => void | Promise<void>): Database {
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    mode: "pglite",
    prisma,
    adapterFactory,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      await release();
    },
  };
}

export async function openPostgres(url: string): Promise<Database> {
  // Checked with a plain client first: its errors say what went wrong (refused, auth, no such db).
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await probe.connect();
  } catch (error) {
    throw new ConfigError(`DATABASE_URL could not be reached (${describeConnectionError(error)}).`);
  } finally {
    await probe.end().catch(() => {});
  }
  // One pool for Prisma and for the few paths that need the driver itself (COPY for ingest).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a dropped database) is replaced on next
  // use; without a listener its error would crash the process.
  pool.on("error", (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
  const adapterFactory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  pools.set(prisma, pool);
  return {
    mode: "postgresql",
    prisma,
    adapterFactory,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

// Kept on globalThis: Next.js bundles this module more than once (start-up, each route), and a
// route's copy must find the pool the start-up copy registered, or ingest would never COPY.
const globalForPools = globalThis as unknown as { __ratelineDriverPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (globalForPools.__ratelineDriverPools ??= new WeakMap());

/** The PostgreSQL driver pool behind a client; none for the embedded database. */
export function driverPool(prisma: PrismaClient): pg.Pool | undefined {
  return pools.get(prisma);
}

// Connection failures arrive as AggregateErrors (one per address tried) with an empty message.
function describeConnectionError(error: unknown): string {
  const e = error as { message?: string; code?: string; cause?: unknown; errors?: unknown[] };
  const text = e.message?.split("\n")[0] || e.code;
  if (text) return text;
  const inner = e.cause ?? e.errors?.[0];
  return inner ? describeConnectionError(inner) : "no answer";
}

export async function openDatabase(cfg: Config, options: OpenOptions = {}): Promise<Database> {
  if (cfg.database.mode === "postgresql") return openPostgres(cfg.database.url);
  const { holder, release } = acquireDataDirLock(cfg.dataDir, options.role ?? "cli", options.port);
  try {
    const pglite = await PGlite.create(path.join(cfg.dataDir, "pglite"));
    return { ...fromPGlite(pglite, release), controlToken: holder.controlToken };
  } catch (error) {
    release();
    throw new ConfigError(
      `RATELINE_DATA_DIR (${cfg.dataDir}) holds no usable database: ${(error as Error).message}`,
    );
  }
}
