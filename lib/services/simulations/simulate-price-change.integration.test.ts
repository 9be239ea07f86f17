import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { duplicateRateCard } from "@/lib/services/rate-cards/duplicate-rate-card";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";
import { billingScenario, FEB, MAR, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { simulatePriceChange, type Amounts, type PriceSimulation } from "./simulate-price-change";
import { refusal } from "@/lib/test-support/refusal";

// The billing scenario (lib/test-support/billing-scenario.ts): API calls at 10¢, 300 in
// February, 150 in March; tokens tiered, 3900 in March; a trial credit until Mar 10 and a prepaid
// commit on API calls. Amounts in USD cents.

const money = (a: Amounts) => [a.before.toFixed(), a.after.toFixed(), a.delta.toFixed(), a.deltaPercent?.toFixed(2) ?? null];
const productRows = (s: PriceSimulation) => s.products.map((p) => [p.productName, ...money(p)]);

describeEachDatabase("pricing simulation", (kind) => {
  let db: Database;
  let s: BillingScenario;
  let cardId: string;
  const apiAt12 = (): TAddRate => ({ rate_card_id: cardId, product_id: s.products.api, entitled: true, rate_type: "FLAT", price: 12, starting_at: "2026-04-01T00:00:00Z" });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
    cardId = (await db.prisma.contract.findUniqueOrThrow({ where: { id: s.contractId }, select: { rateCardId: true } })).rateCardId!;
  });
  afterAll(() => db.close());

  it("prices the current period at the proposed rate from the same usage, per product and per customer, to the cent", async () => {
    const sim = await simulatePriceChange(s.ctx, { proposed_rate: apiAt12() }, NOW);
    // 150 calls: 1500 → 1800. The credit (until Mar 10) and the commit (API calls) absorb it all.
    expect(productRows(sim)).toEqual([
      ["API calls", "1500", "1800", "300", "20.00"],
      ["Tokens", "3900", "3900", "0", "0.00"],
    ]);
    expect(sim.customers).toHaveLength(1);
    const [acme] = sim.customers;
    expect(acme).toMatchObject({ customerId: s.customerId, customerName: "Acme", contractId: s.contractId, period: { startingAt: MAR } });
    expect(money(acme!.charges)).toEqual(["5400", "5700", "300", "5.56"]);
    expect(money(acme!.billed)).toEqual(["3900", "3900", "0", "0.00"]);
    expect(sim.totals.map((t) => [t.creditType.name, t.customers, ...money(t.charges), ...money(t.billed)])).toEqual([
      ["USD (cents)", 1, "5400", "5700", "300", "5.56", "3900", "3900", "0", "0.00"],
    ]);
    expect(sim.mostAffected.byAmount.map((c) => c.customerName)).toEqual(["Acme"]);
    expect(sim.proposal).toMatchObject({ kind: "rate", productName: "API calls" });

    // "Before" is the customer's live draft invoice.
    const draft = await computeDraftInvoice(db.prisma, s.customerId, s.contractId, NOW);
    expect(acme!.billed.before.toFixed()).toBe(draft.invoice.total.toFixed());
  });

  it("bills a price change the balances no longer cover", async () => {
    const tokensAt3: TAddRate = { rate_card_id: cardId, product_id: s.products.tokens, entitled: true, rate_type: "FLAT", price: 3, starting_at: "2026-04-01T00:00:00Z" };
    const sim = await simulatePriceChange(s.ctx, { proposed_rate: tokensAt3 }, NOW);
    // 2200 tokens at 3 (the tiers 2 then 1 gave 3900); tokens are outside both balances.
    expect(productRows(sim)).toEqual([
      ["Tokens", "3900", "6600", "2700", "69.23"],
      ["API calls", "1500", "1500", "0", "0.00"],
    ]);
    expect(money(sim.customers[0]!.billed)).toEqual(["3900", "6600", "2700", "69.23"]);
    expect(sim.mostAffected.byPercent.map((c) => c.customerName)).toEqual(["Acme"]);
  });

  it("prices a closed period as it was billed, with its balances as they stood at its start", async () => {
    await closePeriods(db.prisma, new Date(MAR.getTime() + 25 * 3600_000), 24);
    const feb = await db.prisma.invoice.findFirstOrThrow({ where: { contractId: s.contractId, type: "USAGE", startTimestamp: FEB }, select: { status: true, total: true } });
    expect(feb.status).toBe("FINALIZED");
    const sim = await simulatePriceChange(s.ctx, { proposed_rate: apiAt12(), period_at: "2026-02-10T00:00:00Z" }, NOW);
    // 300 calls: 3000 → 3600, all drawn from the trial credit (4000) both times.
    expect(productRows(sim)).toEqual([["API calls", "3000", "3600", "600", "20.00"]]);
    expect(money(sim.customers[0]!.billed)).toEqual([feb.total.toFixed(), "0", "0", null]);
  });

  it("compares a whole other rate card for the card's customers", async () => {
    const copy = await duplicateRateCard(s.ctx, { rate_card_id: cardId, name: "List 2027" });
    await addRate(s.ctx, { ...apiAt12(), rate_card_id: copy.id, price: 20, starting_at: "2026-01-02T00:00:00Z" });
    const sim = await simulatePriceChange(s.ctx, { rate_card_id: cardId, proposed_rate_card_id: copy.id }, NOW);
    // The copy's 20¢ applies from Jan 2, so all of March: 150 calls → 3000.
    expect(productRows(sim)).toEqual([
      ["API calls", "1500", "3000", "1500", "100.00"],
      ["Tokens", "3900", "3900", "0", "0.00"],
    ]);
    expect(sim.proposal).toEqual({ kind: "rate_card", rateCard: { id: copy.id, name: "List 2027" } });
  });

  it("lets anyone simulate, and only the pricing or admin role publish, which adds the simulated rate as it is", async () => {
    const viewer = { db: db.prisma, actor: { type: "user" as const, id: "v", name: "Vic", role: "viewer" as const } };
    const sales = { db: db.prisma, actor: { type: "user" as const, id: "s", name: "Sam", role: "sales" as const } };
    const pricing = { db: db.prisma, actor: { type: "user" as const, id: "p", name: "Pat", role: "pricing" as const } };
    expect((await simulatePriceChange(viewer, { proposed_rate: apiAt12() }, NOW)).products[0]!.delta.toFixed()).toBe("300");
    const refused = await refusal(addRate(sales, apiAt12(), NOW));
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toBe("This needs the pricing or admin role; you are signed in as sales.");
    expect(await db.prisma.rate.count({ where: { rateCardId: cardId, productId: s.products.api } })).toBe(1);

    const added = await addRate(pricing, apiAt12(), NOW);
    expect(added.startingAt.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    // Published for April: March's draft keeps its price.
    expect((await computeDraftInvoice(db.prisma, s.customerId, s.contractId, NOW)).invoice.subtotal.toFixed()).toBe("5400");
  });

  it("refuses what it cannot simulate with a reason, never a 500", async () => {
    const future = await refusal(simulatePriceChange(s.ctx, { proposed_rate: apiAt12(), period_at: "2026-06-01T00:00:00Z" }, NOW));
    expect(future.fields).toEqual({ period_at: "Must not be in the future" });
    const both = await refusal(simulatePriceChange(s.ctx, { proposed_rate: apiAt12(), rate_card_id: cardId, proposed_rate_card_id: cardId }, NOW));
    expect(both.code).toBe("bad_request");
    const neither = await refusal(simulatePriceChange(s.ctx, {}, NOW));
    expect(neither.fields).toHaveProperty("proposed_rate");
    const offHour = await refusal(simulatePriceChange(s.ctx, { proposed_rate: { ...apiAt12(), starting_at: "2026-04-01T00:30:00Z" } }, NOW));
    expect(offHour.fields).toHaveProperty(["proposed_rate.starting_at"]);
    const unknown = await refusal(simulatePriceChange(s.ctx, { proposed_rate: { ...apiAt12(), product_id: "00000000-0000-4000-8000-000000000000" } }, NOW));
    expect(unknown.code).toBe("not_found");
    const seatsAsFlat = await refusal(simulatePriceChange(s.ctx, { proposed_rate: { ...apiAt12(), product_id: s.products.support } }, NOW));
    expect(seatsAsFlat.code).toBe("bad_request");
  });
});
