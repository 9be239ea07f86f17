import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { billingScenario, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { catalogVersion } from "./catalog-cache";

// The catalog version moves, in the writing transaction, on every change to what prices a
// contract, and not on what the period close writes; a draft read right after a change sees it.

describeEachDatabase("billing catalog version", (kind) => {
  let db: Database;
  let s: BillingScenario;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
  });
  afterAll(() => db.close());

  it("moves on with every change to prices or terms, and not with the close's bookkeeping", async () => {
    const before = await catalogVersion(db.prisma);
    await db.prisma.contract.update({ where: { id: s.contractId }, data: { nextPeriodStart: new Date("2026-03-01T00:00:00Z") } });
    await db.prisma.scheduleItem.updateMany({ where: { customerId: s.customerId }, data: { invoiceId: null } });
    await db.prisma.ledgerEntry.deleteMany({ where: { customerId: s.customerId } });
    expect(await catalogVersion(db.prisma)).toBe(before);
    await db.prisma.contract.update({ where: { id: s.contractId }, data: { netPaymentTermsDays: 45 } });
    const afterTerms = await catalogVersion(db.prisma);
    expect(afterTerms > before).toBe(true);
    await db.prisma.rate.updateMany({ where: { productId: s.products.api }, data: { entitled: true } });
    expect((await catalogVersion(db.prisma)) > afterTerms).toBe(true);
    // A rolled-back change's version is never handed out again.
    let rolledBack = 0n;
    await db.prisma
      .$transaction(async (tx) => {
        await tx.contract.update({ where: { id: s.contractId }, data: { netPaymentTermsDays: 60 } });
        rolledBack = await catalogVersion(tx);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(rolledBack > afterTerms).toBe(true);
    await db.prisma.contract.update({ where: { id: s.contractId }, data: { netPaymentTermsDays: 30 } });
    expect((await catalogVersion(db.prisma)) > rolledBack).toBe(true);
  });

  it("gives a draft read the terms and prices as they are now, never a cached older copy", async () => {
    const first = await computeDraftInvoice(db.prisma, s.customerId, s.contractId, NOW);
    expect(first.invoice.total.toFixed()).toBe("3900");
    // API calls from 10¢ to 30¢ in March: 150 calls, 1500 more before the commit and credit.
    const rate = await db.prisma.rate.findFirstOrThrow({ where: { productId: s.products.api } });
    await db.prisma.rate.update({ where: { id: rate.id }, data: { price: "30" } });
    const second = await computeDraftInvoice(db.prisma, s.customerId, s.contractId, NOW);
    expect(second.invoice.subtotal.minus(first.invoice.subtotal).toFixed()).toBe("3000");
  });
});
