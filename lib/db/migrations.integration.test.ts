import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { openMemoryDatabase, openPostgres } from "@/lib/db/connection";
import { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from "@/lib/db/migrations";
import { emptyPostgresDatabase } from "@/lib/test-support/databases";

describe("migrations", () => {
  it("describe exactly prisma/schema.prisma (no schema change without its migration)", async () => {
    const scratch = await openMemoryDatabase();
    try {
      expect(await diffSchemaAgainstMigrations(scratch.adapterFactory)).toBeNull();
    } finally {
      await scratch.close();
    }
  });

  it("apply cleanly to an empty PGlite database and are idempotent on re-run", async () => {
    const pglite = await PGlite.create();
    try {
      const all = (await readMigrations()).migrationDirectories.map((m) => m.path);
      expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual(all);
      expect(await applyMigrations(new PrismaPGlite(pglite))).toEqual([]);
      const { rows } = await pglite.query<{ n: number }>("select count(*)::int as n from _prisma_migrations where finished_at is not null");
      expect(rows[0]!.n).toBe(all.length);
    } finally {
      await pglite.close();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)("apply cleanly to an empty PostgreSQL database and are idempotent on re-run", async () => {
    const empty = await emptyPostgresDatabase();
    try {
      const database = await openPostgres(empty.url);
      const all = (await readMigrations()).migrationDirectories.map((m) => m.path);
      expect(await applyMigrations(database.adapterFactory)).toEqual(all);
      expect(await applyMigrations(database.adapterFactory)).toEqual([]);
      expect(await database.prisma.customer.count()).toBe(0);
      await database.close();
    } finally {
      await empty.drop();
    }
  });
});
