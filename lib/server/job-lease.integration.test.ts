import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { acquireLease, LeaseLostError, leaseHolder, withLease } from "./job-lease";

describeEachDatabase("job leases", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.close());

  it("lets one holder at a time run a job, and frees the lease when it is done", async () => {
    const inner = await withLease(db.prisma, "job", 60_000, async () => {
      expect((await leaseHolder(db.prisma, "job"))?.holder).toBe("a");
      // Another server is turned away while the first holds it; the holder itself may renew.
      expect(await withLease(db.prisma, "job", 60_000, async () => "b ran", "b")).toEqual({ ran: false });
      expect(await acquireLease(db.prisma, "job", "a", 60_000)).toBe(true);
      return "a ran";
    }, "a");
    expect(inner).toEqual({ ran: true, value: "a ran" });
    expect(await leaseHolder(db.prisma, "job")).toBeNull();
  });

  it("hands an expired lease to the next holder, and the old holder learns it lost it", async () => {
    expect(await acquireLease(db.prisma, "job", "dead", 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const outcome = await withLease(db.prisma, "job", 1, async (renew) => {
      await new Promise((r) => setTimeout(r, 20));
      // Expired meanwhile and taken by another server: renewing fails.
      expect(await acquireLease(db.prisma, "job", "other", 60_000)).toBe(true);
      return renew().then(() => "renewed", (e: unknown) => e);
    }, "next");
    expect(outcome.ran && outcome.value).toBeInstanceOf(LeaseLostError);
    expect((await leaseHolder(db.prisma, "job"))?.holder).toBe("other");
  });
});
