import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { isDatabaseEmpty, seedDemoIfEmpty } from "@/lib/seed/demo-seed";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

describeEachDatabase("demo seed", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.close());

  it("seeds an empty database once, with usage rolled up, and never touches one with data", async () => {
    const now = new Date("2026-05-14T15:20:00Z");
    expect(await isDatabaseEmpty(db.prisma)).toBe(true);
    expect(await seedDemoIfEmpty(db.prisma, now)).toBe(true);
    const counts = async () => ({
      customers: await db.prisma.customer.count(),
      events: await db.prisma.usageEvent.count(),
      rollups: await db.prisma.usageRollup.count(),
      users: await db.prisma.user.count(),
      contracts: await db.prisma.contract.count(),
    });
    const seeded = await counts();
    expect(seeded).toMatchObject({ customers: 3, users: 5, contracts: 3 });
    expect(seeded.events).toBeGreaterThan(2000);
    expect(seeded.rollups).toBeGreaterThan(100);
    expect(await db.prisma.usageEvent.count({ where: { customerId: null } })).toBe(12);
    expect(await seedDemoIfEmpty(db.prisma, now)).toBe(false);
    expect(await counts()).toEqual(seeded);
  });
});
