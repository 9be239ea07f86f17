import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { nextRefreshBatch, refreshCustomers } from "@/lib/services/billing-state/refresh-billing-state";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { editContract } from "@/lib/services/contracts/edit-contract";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { rechargeCommitId, rechargeContract } from "./recharge-contract";

// Auto-recharge through the services and the billing-state job, on both databases: when the
// prepaid balance falls to the threshold a commit is bought up to recharge_to_amount, invoiced
// at once, announced, exactly once per crossing — also with evaluations racing each other.
//
// Prices: 1,000¢ per million "large" tokens (billing-fixture.ts). Amounts in cents.

const NOW = new Date("2026-01-20T12:00:00Z");
const LATER = new Date("2026-01-20T14:30:00Z");

describeEachDatabase("auto-recharge", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
  });
  afterAll(() => db.close());

  let seq = 0;
  const config = (threshold: number, to: number, extra: object = {}) => ({
    commit: { product_id: f.fixed.id, name: "Auto-recharge" },
    is_enabled: true,
    payment_gate_config: { payment_gate_type: "NONE" as const },
    threshold_amount: threshold,
    recharge_to_amount: to,
    ...extra,
  });
  async function customer() {
    const alias = `recharge-${kind}-${++seq}`;
    return { alias, id: (await createCustomer(ctx, { name: alias, ingest_aliases: [alias] })).id };
  }
  const tokens = (alias: string, tag: string, millions: number, at: Date) => ({
    transaction_id: `${alias}-${tag}`,
    customer_id: alias,
    event_type: "completion",
    timestamp: at.toISOString(),
    properties: { model: "large", tokens: millions * 1_000_000 },
  });
  const recharges = (contractId: string) =>
    db.prisma.autoRecharge.findMany({ where: { contractId }, orderBy: { sequence: "asc" }, select: { sequence: true, amount: true, balanceBefore: true, commitId: true, invoiceId: true } });
  const rechargeCommit = (commitId: string) =>
    db.prisma.commit.findUniqueOrThrow({ where: { id: commitId }, select: { type: true, name: true, priority: true, segments: { select: { amount: true, startingAt: true, endingBefore: true } } } });

  it("falls to the threshold: buys up to recharge_to_amount with a finalized invoice and a webhook event, once; the next crossing buys again", async () => {
    const c = await customer();
    const { id } = await createContract(ctx, {
      customer_id: c.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      commits: [
        {
          product_id: f.fixed.id,
          type: "PREPAID",
          priority: 1,
          access_schedule: { schedule_items: [{ amount: 10000, starting_at: T0.toISOString(), ending_before: "2026-07-01T00:00:00Z" }] },
          invoice_schedule: { schedule_items: [{ timestamp: T0.toISOString(), amount: 10000 }] },
        },
      ],
      prepaid_balance_threshold_configuration: config(2000, 6000),
    });
    // 8.5M tokens on Jan 10: 8,500 drawn from the 10,000 commit, 1,500 left ≤ 2,000 → 6,000 − 1,500 = 4,500 bought.
    await ingestEvents(ctx, [tokens(c.alias, "1", 8.5, new Date("2026-01-10T00:00:00Z"))], { now: NOW, backdateDays: 34 });
    await settleBillingState(db.prisma, NOW);
    await settleBillingState(db.prisma, NOW);
    const [first, ...more] = await recharges(id);
    expect(more).toEqual([]);
    expect([first!.sequence, first!.balanceBefore.toString(), first!.amount.toString()]).toEqual([1, "1500", "4500"]);
    const commit = await rechargeCommit(first!.commitId);
    expect([commit.type, commit.name, commit.priority?.toString()]).toEqual(["PREPAID", "Auto-recharge", "100"]);
    // Usable from the recharge's hour; the contract is open-ended, so for 100 years.
    expect(commit.segments.map((s) => [s.amount.toString(), s.startingAt.toISOString(), s.endingBefore.toISOString()])).toEqual([["4500", "2026-01-20T12:00:00.000Z", "2126-01-20T12:00:00.000Z"]]);
    const invoice = await db.prisma.invoice.findUniqueOrThrow({ where: { id: first!.invoiceId! }, select: { type: true, status: true, total: true, startTimestamp: true, lineItems: { select: { type: true, total: true, commitId: true } } } });
    expect([invoice.type, invoice.status, invoice.total.toString(), invoice.startTimestamp.toISOString()]).toEqual(["SCHEDULED", "FINALIZED", "4500", NOW.toISOString()]);
    expect(invoice.lineItems.map((l) => [l.type, l.total.toString(), l.commitId])).toEqual([["COMMIT_PURCHASE", "4500", first!.commitId]]);
    const events = await db.prisma.outboxEvent.findMany({ where: { type: "payment_gate.threshold_reached" }, select: { payload: true } });
    expect(events.map((e) => e.payload)).toContainEqual(expect.objectContaining({ contract_id: id, customer_id: c.id, commit_id: first!.commitId, invoice_id: first!.invoiceId, balance_before: "1500", amount: "4500", payment_gate_type: "NONE" }));
    // The stored balances show it: 1,500 + 4,500 = 6,000.
    const stored = await db.prisma.storedBalance.findMany({ where: { customerId: c.id }, select: { remaining: true } });
    expect(stored.map((b) => b.remaining.toString()).sort()).toEqual(["1500", "4500"]);

    // 4M tokens at 13:00, after the recharge began: the commit (priority 1) draws its 1,500,
    // the recharge 2,500 of its 4,500; 2,000 left, at the threshold → 4,000 bought.
    await ingestEvents(ctx, [tokens(c.alias, "2", 4, new Date("2026-01-20T13:00:00Z"))], { now: LATER, backdateDays: 34 });
    await settleBillingState(db.prisma, LATER);
    await settleBillingState(db.prisma, LATER);
    expect((await recharges(id)).map((r) => [r.sequence, r.balanceBefore.toString(), r.amount.toString()])).toEqual([
      [1, "1500", "4500"],
      [2, "2000", "4000"],
    ]);
    const stored2 = await db.prisma.storedBalance.findMany({ where: { customerId: c.id }, select: { remaining: true } });
    expect(stored2.map((b) => b.remaining.toString()).sort()).toEqual(["0", "2000", "4000"]);
  });

  it("concurrent evaluations of one crossing recharge once", async () => {
    const c = await customer();
    // No balance at all: 0 ≤ 0, so the first evaluation buys 3,000.
    const { id } = await createContract(ctx, { customer_id: c.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), prepaid_balance_threshold_configuration: config(0, 3000) });
    const results = await Promise.all(Array.from({ length: 6 }, () => rechargeContract(db.prisma, id, NOW)));
    expect(results.filter((r) => r !== null).map((r) => [r!.sequence, r!.amount.toString()])).toEqual([[1, "3000"]]);
    expect(await recharges(id)).toHaveLength(1);
    const invoices = await db.prisma.invoice.findMany({ where: { contractId: id, type: "SCHEDULED" }, select: { total: true } });
    expect(invoices.map((i) => i.total.toString())).toEqual(["3000"]);
  });

  it("concurrent refreshes of the customer recharge once", async () => {
    const c = await customer();
    const { id } = await createContract(ctx, { customer_id: c.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), prepaid_balance_threshold_configuration: config(500, 2500) });
    const queued = (await nextRefreshBatch(db.prisma, 10_000)).filter((q) => q.customerId === c.id);
    expect(queued).toHaveLength(1);
    const outcomes = await Promise.all([0, 1, 2].map(() => refreshCustomers(db.prisma, queued, NOW)));
    expect(outcomes.reduce((n, o) => n + o.recharges, 0)).toBe(1);
    expect((await recharges(id)).map((r) => r.amount.toString())).toEqual(["2500"]);
  });

  it("a disabled configuration recharges nothing; enabling it by an edit recharges at the next refresh", async () => {
    const c = await customer();
    const { id } = await createContract(ctx, { customer_id: c.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), prepaid_balance_threshold_configuration: config(1000, 2000, { is_enabled: false }) });
    await settleBillingState(db.prisma, NOW);
    expect(await recharges(id)).toEqual([]);
    await editContract(ctx, { customer_id: c.id, contract_id: id, update_prepaid_balance_threshold_configuration: { is_enabled: true, recharge_to_amount: 2500 } }, NOW);
    await settleBillingState(db.prisma, NOW);
    expect((await recharges(id)).map((r) => r.amount.toString())).toEqual(["2500"]);
  });

  it("an edit adds a configuration once; refuses what cannot be billed, naming the field", async () => {
    const c = await customer();
    const { id } = await createContract(ctx, { customer_id: c.id, rate_card_id: f.card.id, starting_at: T0.toISOString() });
    const edit = (e: object) => editContract(ctx, { customer_id: c.id, contract_id: id, ...e }, NOW);
    await expect(edit({ update_prepaid_balance_threshold_configuration: { threshold_amount: 10 } })).rejects.toMatchObject({ code: "not_found", message: expect.stringContaining("update_prepaid_balance_threshold_configuration") });
    await expect(edit({ add_prepaid_balance_threshold_configuration: config(1000, 1000) })).rejects.toMatchObject({
      code: "bad_request",
      message: "add_prepaid_balance_threshold_configuration.recharge_to_amount must be greater than threshold_amount.",
    });
    await expect(edit({ add_prepaid_balance_threshold_configuration: config(10.5, 1000) })).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("threshold_amount must have at most 0 decimal places") });
    await expect(edit({ add_prepaid_balance_threshold_configuration: { ...config(0, 1000), commit: { product_id: "00000000-0000-4000-8000-000000000000" } } })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("add_prepaid_balance_threshold_configuration.commit.product_id: no product"),
    });
    await edit({ add_prepaid_balance_threshold_configuration: config(0, 1000, { is_enabled: false }) });
    await expect(edit({ add_prepaid_balance_threshold_configuration: config(0, 1000) })).rejects.toMatchObject({ code: "conflict" });
    await expect(edit({ update_prepaid_balance_threshold_configuration: { threshold_amount: 1000 } })).rejects.toMatchObject({ code: "bad_request" });
    const row = await db.prisma.prepaidBalanceThreshold.findUniqueOrThrow({ where: { contractId: id } });
    expect([row.isEnabled, row.thresholdAmount.toString(), row.rechargeToAmount.toString()]).toEqual([false, "0", "1000"]);
  });

  it("recharge commit ids sort as the recharges were bought (the draw order's last tie-break), and are UUIDs", () => {
    for (let i = 0; i < 50; i++) {
      const ids = [rechargeCommitId(new Date("2026-01-20T12:00:00Z"), 1), rechargeCommitId(new Date("2026-01-20T12:00:00Z"), 2), rechargeCommitId(new Date("2026-01-20T12:00:00.001Z"), 3)];
      expect([...ids].sort()).toEqual(ids);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
