import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sum } from "@/lib/billing/decimal";
import type { Database } from "@/lib/db/connection";
import { fromDb } from "@/lib/db/decimal";
import { nextRefreshBatch, refreshCustomers } from "@/lib/services/billing-state/refresh-billing-state";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { computeOpenDrafts } from "./open-drafts";
import { closePeriods } from "./close-periods";
import { billCrossing, currentDraft } from "./threshold-invoices";
import { voidInvoice } from "./void-invoice";

// Spend threshold billing against real databases: the refresh after usage arrives issues the
// THRESHOLD invoice, exactly once per crossing, however many refreshes (and direct attempts) race
// for it; and under ingest racing the refreshes, what was invoiced plus the draft is the usage.
//
// Prices (billing-fixture.ts): "large" tokens at 1000¢ per million. Threshold: 2500¢.

const NOW = new Date("2026-01-20T12:00:00Z");
const system: ServiceContext["actor"] = { type: "system", name: "test" };
const THRESHOLD = 2500;

describeEachDatabase("spend threshold invoices", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
    f = await billingFixture(ctx);
  });
  afterAll(() => db?.close());

  let seq = 0;
  async function customerWithThreshold() {
    const alias = `threshold-${++seq}`;
    const customer = await createCustomer(ctx, { name: `Threshold ${seq}`, ingest_aliases: [alias] });
    const contract = await createContract(ctx, {
      customer_id: customer.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      spend_threshold_configuration: { commit: { product_id: f.fixed.id, name: "Prepayment" }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: THRESHOLD },
    });
    return { customer: customer.id, contract: contract.id, alias };
  }
  /** `millions` of large tokens (1000¢ each), one event, on Jan 10. */
  const tokens = (alias: string, millions: number) =>
    ingestEvents(ctx, [{ transaction_id: randomUUID(), customer_id: alias, event_type: "completion", timestamp: "2026-01-10T00:00:00Z", properties: { tokens: millions * 1_000_000, model: "large" } }], { now: NOW, backdateDays: 34 });
  const thresholdInvoices = async (contractId: string) =>
    (await db.prisma.invoice.findMany({ where: { contractId, type: "THRESHOLD" }, orderBy: { createdAt: "asc" }, select: { total: true, status: true } })).map((i) => [i.status, fromDb(i.total).toFixed()]);
  async function draftOf(customer: string, contract: string) {
    const draft = currentDraft(await computeOpenDrafts(db.prisma, customer, NOW), contract, NOW)!;
    return { total: draft.invoice.total.toFixed(), lines: draft.invoice.lines.map((l) => [l.type, l.total.toFixed()]) };
  }

  it("bills each crossing once, for the spend then unbilled, and the draft continues from there", async () => {
    const { customer, contract, alias } = await customerWithThreshold();
    // 2000¢: below the threshold.
    await tokens(alias, 2);
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([]);
    // +1500¢ = 3500¢: crossed; the invoice bills all 3500¢ and the draft owes nothing.
    await tokens(alias, 1.5);
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([["FINALIZED", "3500"]]);
    expect((await draftOf(customer, contract)).total).toBe("0");
    // +1000¢: 1000¢ unbilled, below; +2000¢: 3000¢, the second crossing.
    await tokens(alias, 1);
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([["FINALIZED", "3500"]]);
    expect((await draftOf(customer, contract)).total).toBe("1000");
    await tokens(alias, 2);
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([["FINALIZED", "3500"], ["FINALIZED", "3000"]]);
    // 6500¢ of usage, both commits drawn in full, nothing owed: billed once, on the threshold invoices.
    const draft = await draftOf(customer, contract);
    expect(draft.total).toBe("0");
    expect(draft.lines.filter(([type]) => type === "USAGE" || type === "APPLIED_COMMIT_OR_CREDIT").map(([, total]) => total).sort()).toEqual(["-3000", "-3500", "0", "6500"].sort());
    // The stored state the console reads shows the same draft, and each invoice was announced.
    const stored = await db.prisma.storedDraft.findFirst({ where: { contractId: contract, type: "USAGE", startTimestamp: T0 } });
    expect(fromDb(stored!.total).toFixed()).toBe("0");
    const events = await db.prisma.outboxEvent.findMany({ where: { type: "threshold_billing.invoice_issued" } });
    expect(events.filter((e) => (e.payload as { contract_id: string }).contract_id === contract).map((e) => (e.payload as { total: string }).total)).toEqual(["3500", "3000"]);
  });

  it("racing refreshes and direct attempts issue one invoice per crossing", async () => {
    const { customer, contract, alias } = await customerWithThreshold();
    await tokens(alias, 4); // 4000¢
    const queued = (await nextRefreshBatch(db.prisma, 1000)).filter((q) => q.customerId === customer);
    await Promise.all([
      ...Array.from({ length: 4 }, () => refreshCustomers(db.prisma, queued, NOW)),
      ...Array.from({ length: 4 }, () => billCrossing(db.prisma, contract, NOW)),
    ]);
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([["FINALIZED", "4000"]]);
    expect((await draftOf(customer, contract)).total).toBe("0");
  });

  it("under ingest racing the refreshes, the invoices and the draft add up to the usage", async () => {
    const { customer, contract, alias } = await customerWithThreshold();
    const sizes = [1.5, 0.5, 2, 1, 3, 0.25, 1.75, 2.5];
    await Promise.all(
      sizes.map(async (millions, i) => {
        await tokens(alias, millions);
        const queued = (await nextRefreshBatch(db.prisma, 1000)).filter((q) => q.customerId === customer);
        await Promise.all([refreshCustomers(db.prisma, queued, NOW), i % 2 ? billCrossing(db.prisma, contract, NOW) : Promise.resolve(null)]);
      }),
    );
    await settleBillingState(db.prisma, NOW);
    const invoiced = (await thresholdInvoices(contract)).map(([, total]) => fromDb(total!));
    // 12.5 million tokens = 12500¢: every invoice billed at least the threshold; what is left on
    // the draft is below it; together exactly the usage.
    expect(invoiced.length).toBeGreaterThan(0);
    expect(invoiced.every((t) => t.gte(THRESHOLD))).toBe(true);
    const draft = await draftOf(customer, contract);
    expect(fromDb(draft.total).lt(THRESHOLD)).toBe(true);
    expect(sum(invoiced).plus(draft.total).toFixed()).toBe("12500");
  });

  it("a disabled threshold bills nothing", async () => {
    const customer = await createCustomer(ctx, { name: "Disabled", ingest_aliases: ["threshold-off"] });
    const contract = await createContract(ctx, {
      customer_id: customer.id,
      rate_card_id: f.card.id,
      starting_at: T0.toISOString(),
      spend_threshold_configuration: { commit: { product_id: f.fixed.id }, is_enabled: false, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: 100 },
    });
    await tokens("threshold-off", 5);
    await settleBillingState(db.prisma, NOW);
    expect(await billCrossing(db.prisma, contract.id, NOW)).toBeNull();
    expect(await thresholdInvoices(contract.id)).toEqual([]);
  });
  it("voiding a threshold invoice takes its commit back (billed again at the next refresh), unless a finalized invoice drew on it", async () => {
    const { customer, contract, alias } = await customerWithThreshold();
    await tokens(alias, 3); // 3000¢
    await settleBillingState(db.prisma, NOW);
    const [first] = await db.prisma.invoice.findMany({ where: { contractId: contract, type: "THRESHOLD" }, select: { id: true } });
    await voidInvoice(ctx, { id: first!.id }, NOW);
    expect((await draftOf(customer, contract)).total).toBe("3000");
    await settleBillingState(db.prisma, NOW);
    expect(await thresholdInvoices(contract)).toEqual([["VOID", "3000"], ["FINALIZED", "3000"]]);
    expect((await draftOf(customer, contract)).total).toBe("0");
    // January closed: its usage invoice drew the second commit, so that purchase is not voided.
    await closePeriods(db.prisma, new Date("2026-02-01T00:00:00Z"), 0);
    const [, second] = await db.prisma.invoice.findMany({ where: { contractId: contract, type: "THRESHOLD" }, orderBy: { createdAt: "asc" }, select: { id: true } });
    await expect(voidInvoice(ctx, { id: second!.id }, NOW)).rejects.toMatchObject({ code: "conflict" });
    expect(await thresholdInvoices(contract)).toEqual([["VOID", "3000"], ["FINALIZED", "3000"]]);
  });
});
