import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { freshDatabase } from "@/lib/test-support/databases";

describe.skipIf(!process.env.TEST_DATABASE_URL)("the driver pool behind a client [postgresql]", () => {
  // Next.js loads this module once per bundle; ingest's route must still find the pool that
  // start-up opened, or it silently falls back from COPY to the slower JSON insert.
  it("is found from another copy of the module", async () => {
    const database = await freshDatabase("postgresql");
    try {
      vi.resetModules();
      const anotherCopy = await import("./connection");
      expect(anotherCopy.driverPool(database.prisma)).toBeInstanceOf(pg.Pool);
    } finally {
      await database.close();
    }
  });
});
