import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { archiveContract } from "@/lib/services/contracts/contract-lifecycle";
import { createContract } from "@/lib/services/contracts/create-contract";
import { editContract } from "@/lib/services/contracts/edit-contract";
import { extendRecurringBalances } from "@/lib/services/contracts/recurring-balances";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

// How far an open-ended recurring credit is granted: at creation, the period in progress and two
// more; the billing-state job's step grants the next one when a period begins (and queues the
// customer's stored state), exactly once however often it runs; a change of the contract's end
// regrants only balances not yet begun.

const at = (iso: string) => new Date(iso);

describeEachDatabase("recurring balances granted ahead", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
  });
  afterAll(() => db.close());

  const granted = async (contractId: string) =>
    (await db.prisma.commit.findMany({ where: { contractId }, orderBy: { recurrenceIndex: "asc" }, select: { recurrenceIndex: true, segments: { select: { startingAt: true, endingBefore: true, amount: true } } } })).map((c) => [
      c.recurrenceIndex,
      c.segments[0]!.startingAt.toISOString().slice(0, 10),
      c.segments[0]!.endingBefore.toISOString().slice(0, 10),
      c.segments[0]!.amount.toString(),
    ]);
  const monthly = () => ({ product_id: f.fixed.id, priority: 1, access_amount: { credit_type_id: USD_CENTS.id, unit_price: 3100, quantity: 1 }, commit_duration: { value: 1 }, starting_at: T0.toISOString() });

  it("grants the period in progress and two more, then one more as each period begins, once", async () => {
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), recurring_credits: [monthly()] }, at("2026-01-20T00:00:00Z"));
    expect(await granted(id)).toEqual([
      [0, "2026-01-01", "2026-02-01", "3100"],
      [1, "2026-02-01", "2026-03-01", "3100"],
      [2, "2026-03-01", "2026-04-01", "3100"],
    ]);
    const definition = await db.prisma.recurringCommit.findFirstOrThrow({ where: { contractId: id } });
    expect([definition.grantedUntil?.toISOString(), definition.extendAt?.toISOString()]).toEqual(["2026-04-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"]);

    expect(await extendRecurringBalances(db.prisma, at("2026-01-31T23:00:00Z"))).toBe(false);
    expect(await granted(id)).toHaveLength(3);
    await db.prisma.billingRefreshQueue.deleteMany({});
    await extendRecurringBalances(db.prisma, at("2026-02-01T00:00:00Z"));
    await extendRecurringBalances(db.prisma, at("2026-02-01T00:00:00Z"));
    expect((await granted(id)).map(([index, from]) => [index, from])).toEqual([
      [0, "2026-01-01"],
      [1, "2026-02-01"],
      [2, "2026-03-01"],
      [3, "2026-04-01"],
    ]);
    expect((await db.prisma.recurringCommit.findFirstOrThrow({ where: { contractId: id } })).extendAt?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    // The stored billing state learns of the new balance.
    expect((await db.prisma.billingRefreshQueue.findMany({ select: { customerId: true } })).map((q) => q.customerId)).toEqual([f.customer.id]);

    // A job that ran late catches up in one step: periods up to two past the one in progress.
    await extendRecurringBalances(db.prisma, at("2026-05-10T00:00:00Z"));
    expect((await granted(id)).map(([index]) => index)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // An archived contract grants nothing more.
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
    await extendRecurringBalances(db.prisma, at("2026-07-01T00:00:00Z"));
    expect(await granted(id)).toHaveLength(7);
  });

  it("a new end regrants the balances not yet begun, and leaves begun or edited ones as they are", async () => {
    const now = at("2026-02-10T00:00:00Z");
    const { id } = await createContract(ctx, { customer_id: f.customer.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), recurring_credits: [monthly()] }, now);
    expect((await granted(id)).map(([index]) => index)).toEqual([0, 1, 2, 3]);
    // Someone grows March's credit by hand; the end then moves to Feb 15, then to Apr 16.
    const march = await db.prisma.balanceSegment.findFirstOrThrow({ where: { commit: { contractId: id, recurrenceIndex: 2 } } });
    await db.prisma.balanceSegment.update({ where: { id: march.id }, data: { amount: "5000" } });
    await editContract(ctx, { customer_id: f.customer.id, contract_id: id, update_contract_end_date: "2026-02-15T00:00:00Z" }, now);
    // February has begun: it keeps its whole month. March (edited, but past the end) and April go.
    expect(await granted(id)).toEqual([
      [0, "2026-01-01", "2026-02-01", "3100"],
      [1, "2026-02-01", "2026-03-01", "3100"],
    ]);
    await editContract(ctx, { customer_id: f.customer.id, contract_id: id, update_contract_end_date: "2026-04-16T00:00:00Z" }, now);
    // March whole again; April cut at the 16th: 15 of 30 days × 3100 = 1550.
    expect(await granted(id)).toEqual([
      [0, "2026-01-01", "2026-02-01", "3100"],
      [1, "2026-02-01", "2026-03-01", "3100"],
      [2, "2026-03-01", "2026-04-01", "3100"],
      [3, "2026-04-01", "2026-04-16", "1550"],
    ]);
    expect((await db.prisma.recurringCommit.findFirstOrThrow({ where: { contractId: id } })).extendAt).toBeNull();
    await archiveContract(ctx, { customer_id: f.customer.id, contract_id: id, void_invoices: false });
  });
});
