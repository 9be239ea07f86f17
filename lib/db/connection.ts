import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
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
  const adapterFactory = new PrismaPg({ connectionString: url, max: 10 });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  try {
    await prisma.$queryRawUnsafe("select 1");
  } catch (error) {
    await prisma.$disconnect().catch(() => {});
    throw new ConfigError(`DATABASE_URL could not be reached (${(error as Error).message.split("\n")[0]}).`);
  }
  return { mode: "postgresql", prisma, adapterFactory, close: () => prisma.$disconnect() };
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
