import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { ServiceContext } from "@/lib/services/context";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import type { InvoiceRecord } from "@/lib/services/invoices/invoice-record";
import { listInvoices } from "@/lib/services/invoices/list-invoices";
import { draftInvoiceId } from "@/lib/services/invoices/open-draft";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { parentPaysPair } from "@/lib/test-support/parent-pays";

// An account hierarchy through the period close: the parent's January invoice is finalized with
// its child's charges on it (each line naming its origin) and the parent's commit drawn in the
// ledger; the child's is finalized with nothing to pay. A late child event changes neither.
//
// Requests (billing-fixture.ts): the first 1,000 of a period free, then 0.5¢ each.

const FEB = new Date("2026-02-01T00:00:00Z");
const AFTER_GRACE = new Date("2026-02-02T01:00:00Z");
const system: ServiceContext["actor"] = { type: "system", name: "test" };

describeEachDatabase("account hierarchy through the period close", (kind) => {
  let db: Database;
  let ctx: ServiceContext;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: system };
  });
  afterAll(() => db.close());

  const january = async (customerId: string, now: Date): Promise<InvoiceRecord> =>
    (await listInvoices(ctx, { customer_id: customerId, limit: 100 }, now)).data.find((i) => i.type === "USAGE" && i.startTimestamp.getTime() === T0.getTime())!;

  it("finalizes the parent's invoice with the child's lines and the commit drawn, and the child's with nothing to pay", async () => {
    const f = await billingFixture(ctx, "Fixture Co");
    const { parent, parentContract, child, childContract } = await parentPaysPair(ctx, f);
    const requests = (alias: string, tag: string, n: number, at: string) => Array.from({ length: n }, (_, i) => ({ transaction_id: `${tag}-${i}`, customer_id: alias, event_type: "completion", timestamp: at, properties: {} }));
    // Parent: 1,200 requests (200 × 0.5¢ = 100¢). Child: 2,500 (1,500 × 0.5¢ = 750¢), priced on its
    // own contract (its own free 1,000). The 400¢ commit: 100¢ of the parent's, 300¢ of the child's.
    await ingestEvents(ctx, requests("holding-co", "p", 1200, "2026-01-08T00:00:00Z"), { now: AFTER_GRACE, backdateDays: 40 });
    await ingestEvents(ctx, requests("subsidiary-co", "c", 2500, "2026-01-10T00:00:00Z"), { now: AFTER_GRACE, backdateDays: 40 });

    expect(await closePeriods(db.prisma, AFTER_GRACE, 24)).toMatchObject({ failures: [] });
    const childId = draftInvoiceId(childContract.id, T0);
    const origin = { customerId: child.id, contractId: childContract.id, invoiceId: childId };
    const finalized = await january(parent.id, AFTER_GRACE);
    expect([finalized.status, finalized.total.toFixed(), finalized.lines.map((l) => [l.type, l.total.toFixed(), l.origin ?? null])]).toEqual([
      "FINALIZED",
      "450",
      [
        ["USAGE", "100", null],
        ["USAGE", "750", origin],
        ["APPLIED_COMMIT_OR_CREDIT", "-400", null],
      ],
    ]);
    const ledger = await db.prisma.ledgerEntry.findMany({ where: { commitId: { in: (await db.prisma.commit.findMany({ where: { contractId: parentContract.id }, select: { id: true } })).map((c) => c.id) } } });
    expect(ledger.map((e) => [e.type, e.amount.toString(), e.invoiceId])).toEqual([["INVOICE_DEDUCTION", "-400", finalized.id]]);
    const childInvoice = await january(child.id, AFTER_GRACE);
    expect([childInvoice.id, childInvoice.status, childInvoice.total.toFixed(), childInvoice.lines, childInvoice.payer]).toEqual([childId, "FINALIZED", "0", [], { contractId: parentContract.id, customerId: parent.id }]);

    // A late child event in January: both finalized invoices stay as they were.
    await ingestEvents(ctx, requests("subsidiary-co", "late", 100, "2026-01-20T00:00:00Z"), { now: AFTER_GRACE, backdateDays: 40 });
    expect(await closePeriods(db.prisma, AFTER_GRACE, 24)).toMatchObject({ finalized: 0, failures: [] });
    expect((await january(parent.id, AFTER_GRACE)).total.toFixed()).toBe("450");
    // February is the parent's open draft.
    const february = (await listInvoices(ctx, { customer_id: parent.id, limit: 100 }, AFTER_GRACE)).data.find((i) => i.type === "USAGE" && i.startTimestamp.getTime() === FEB.getTime());
    expect(february?.status).toBe("DRAFT");
  });
});
