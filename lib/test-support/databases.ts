import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describe } from "vitest";
import { openPostgres, type Database } from "@/lib/db/connection";
import { applyMigrations } from "@/lib/db/migrations";
import { PrismaClient } from "@/lib/db/generated/client";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bootstrap } from "@/lib/services/bootstrap";

// Integration tests run against real databases: an embedded PGlite always, and the PostgreSQL
// server named by TEST_DATABASE_URL when it is set (CI sets it). Each call gives a fresh,
// migrated, bootstrapped database; migrating happens once per kind, then copies are cheap.

export type DatabaseKind = "pglite" | "postgresql";

export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
}

let pgliteTemplate: Promise<Blob> | undefined;

async function freshPGlite(): Promise<Database> {
  pgliteTemplate ??= (async () => {
    const template = await PGlite.create();
    await applyMigrations(new PrismaPGlite(template));
    const dump = await template.dumpDataDir("none");
    await template.close();
    return dump;
  })();
  const pglite = await PGlite.create({ loadDataDir: await pgliteTemplate });
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    mode: "pglite",
    prisma,
    adapterFactory,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let postgresTemplate: Promise<string> | undefined;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A new database on the test server, created from a migrated template database. */
export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  postgresTemplate ??= (async () => {
    const name = `rateline_template_${process.pid}_${randomBytes(3).toString("hex")}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const template = await openPostgres(withDatabase(serverUrl, name));
    await applyMigrations(template.adapterFactory);
    await template.close();
    return name;
  })();
  const template = await postgresTemplate;
  const name = `rateline_test_${randomBytes(6).toString("hex")}`;
  await admin(async (c) => {
    // A pool that has not quite let go of the template would make the copy fail.
    await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [template]);
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  return {
    url: withDatabase(serverUrl, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function freshPostgres(): Promise<Database> {
  const { url, drop } = await freshPostgresUrl();
  const database = await openPostgres(url);
  return {
    ...database,
    async close() {
      await database.close();
      await drop();
    },
  };
}

/** A fresh migrated database of the given kind with the reference data every install has. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  const database = kind === "pglite" ? await freshPGlite() : await freshPostgres();
  await bootstrap(database.prisma, {});
  return database;
}

/** Runs a suite once per available database kind. */
export function describeEachDatabase(name: string, suite: (kind: DatabaseKind) => void) {
  for (const kind of databaseKinds()) describe(`${name} [${kind}]`, () => suite(kind));
}

/** Adds an empty database on the test server, for tests of migrations themselves. */
export async function emptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rateline_empty_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(process.env.TEST_DATABASE_URL!, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
