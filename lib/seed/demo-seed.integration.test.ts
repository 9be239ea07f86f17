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

  it("adds no demo user (published password) to a database that already has a user, and says so", async () => {
    const other = await freshDatabase(kind);
    try {
      await other.prisma.user.create({ data: { email: "owner@corp.dev", name: "Owner", role: "admin", passwordHash: "x" } });
      const lines: string[] = [];
      expect(await seedDemoIfEmpty(other.prisma, new Date("2026-05-14T15:20:00Z"), (line) => lines.push(line))).toBe(true);
      expect(await other.prisma.user.findMany({ select: { email: true } })).toEqual([{ email: "owner@corp.dev" }]);
      expect(lines).toEqual([expect.stringMatching(/already has 1 user.*demo users .* not added/)]);
      expect(await other.prisma.customer.count()).toBe(3);
    } finally {
      await other.close();
    }
  });
});
