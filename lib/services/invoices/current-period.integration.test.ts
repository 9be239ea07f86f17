import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { currentDrafts, currentSpan, usageWindowSize } from "./current-period";
import { computeOpenDrafts } from "./open-drafts";

// "This period": a customer on two monthly contracts, one from January 1st and one from January
// 15th, none of their periods closed yet. On March 20th every period since January is an open
// draft, and the current ones are March 1st–April 1st and March 15th–April 15th.

const NOW = new Date("2026-03-20T12:00:00Z");
const iso = (s: string) => new Date(s).toISOString();

describeEachDatabase("the current period", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let customerId = "";

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    const f = await billingFixture(ctx, "Current Co");
    customerId = f.customer.id;
    await createContract(ctx, { customer_id: customerId, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    // The second contract prices no usage (two live contracts pricing the same usage are refused).
    const empty = await createRateCard(ctx, { name: "No usage" });
    await createContract(ctx, { customer_id: customerId, rate_card_id: empty.id, starting_at: "2026-01-15T00:00:00Z" });
  });
  afterAll(() => db.close());

  it("is the drafts of the periods that contain now, of every contract", async () => {
    const open = await computeOpenDrafts(db.prisma, customerId, NOW);
    expect(open.filter((d) => d.type === "USAGE")).toHaveLength(6);
    const current = await currentDrafts(db.prisma, customerId, NOW);
    expect(current.map((d) => [d.invoice.startingAt.toISOString(), d.invoice.endingBefore.toISOString()]).sort()).toEqual([
      [iso("2026-03-01T00:00:00Z"), iso("2026-04-01T00:00:00Z")],
      [iso("2026-03-15T00:00:00Z"), iso("2026-04-15T00:00:00Z")],
    ]);
    expect(currentSpan(current)).toEqual({ startingAt: new Date("2026-03-01T00:00:00Z"), endingBefore: new Date("2026-04-15T00:00:00Z") });
    expect(usageWindowSize(currentSpan(current)!)).toBe("DAY");
  });

  it("starts a period at its first instant and leaves it at its end", async () => {
    const starts = await currentDrafts(db.prisma, customerId, new Date("2026-03-15T00:00:00Z"));
    expect(starts.map((d) => d.invoice.startingAt.toISOString()).sort()).toEqual([iso("2026-03-01T00:00:00Z"), iso("2026-03-15T00:00:00Z")]);
    const ends = await currentDrafts(db.prisma, customerId, new Date("2026-04-01T00:00:00Z"));
    expect(ends.map((d) => d.invoice.startingAt.toISOString()).sort()).toEqual([iso("2026-03-15T00:00:00Z"), iso("2026-04-01T00:00:00Z")]);
  });

  it("has no span for a customer with no contract", async () => {
    const none = await createCustomer(ctx, { name: "Nobody Co" });
    const current = await currentDrafts(db.prisma, none.id, NOW);
    expect([current, currentSpan(current)]).toEqual([[], null]);
  });

  it.each([
    ["2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z", "HOUR"],
    ["2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z", "HOUR"],
    ["2026-03-01T00:00:00Z", "2026-03-04T01:00:00Z", "DAY"],
    ["2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "DAY"],
  ])("shows usage from %s to %s per %s", (from, to, size) => {
    expect(usageWindowSize({ startingAt: new Date(from), endingBefore: new Date(to) })).toBe(size);
  });
});
