import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { withSchemaEngine } from "./schema-engine";

// Migrations are Prisma's own folder layout (prisma/migrations/<timestamp>_<name>/migration.sql)
// and history table (_prisma_migrations), applied by Prisma's schema engine.

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function readSchema() {
  return { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, "utf8") };
}

export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: lockPath, content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => {
        const file = path.join(MIGRATIONS_DIR, folder, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: folder, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Applies every migration not yet applied; returns the names it applied. Safe to re-run. */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await readMigrations();
  const result = await withSchemaEngine(adapterFactory, await readSchema(), (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return result.appliedMigrationNames;
}

/**
 * The SQL that takes a database from the committed migrations to the current schema.prisma, or
 * null when they agree. `scratch` must be an empty database: the engine replays the migrations
 * there to learn where they lead.
 */
export async function diffSchemaAgainstMigrations(
  scratch: SqlMigrationAwareDriverAdapterFactory,
): Promise<string | null> {
  const migrationsList = await readMigrations();
  const schema = await readSchema();
  const result = await withSchemaEngine(scratch, schema, (engine) =>
    engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  return result.exitCode === 2 ? (result.stdout ?? "") : null;
}
