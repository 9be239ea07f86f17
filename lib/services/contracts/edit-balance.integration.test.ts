import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createCustomerCommit } from "@/lib/services/balances/create-customer-commit";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import { billingScenario, FEB, MAR, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";
import { editCommit, editCredit, updateCommitEndDate, updateCreditEndDate } from "./edit-balance";
import { editContract, getContractEditHistory } from "./edit-contract";

// What commits/edit, credits/edit and updateEndDate refuse, and what they leave: February of the
// billing scenario is closed, so the trial credit's segment (4,000, Feb 1 – Mar 10) has 3,000
// drawn by a finalized invoice for Feb 1 – Mar 1, and the prepaid commit's purchase item (Feb 1)
// is billed on a finalized invoice. A refusal writes nothing.

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();

describeEachDatabase("editing one commit or credit", (kind) => {
  let db: Database;
  let s: BillingScenario;
  let purchaseItem = "";
  const snapshot = async () => ({
    balances: await db.prisma.commit.findMany({ where: { customerId: s.customerId }, orderBy: { id: "asc" }, select: { id: true, priority: true, segments: { orderBy: { id: "asc" } }, invoiceSchedule: { orderBy: { id: "asc" } } } }),
    edits: await db.prisma.contractEdit.count(),
    audit: await db.prisma.auditLogEntry.count(),
  });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
    expect(await closePeriods(db.prisma, FEB, 24)).toEqual({ finalized: 1, failures: [] });
    expect(await closePeriods(db.prisma, new Date(MAR.getTime() + 24 * HOUR), 24)).toEqual({ finalized: 1, failures: [] });
    purchaseItem = (await db.prisma.scheduleItem.findFirstOrThrow({ where: { commitId: s.commitId } })).id;
  });
  afterAll(() => db.close());

  it("refuses, with 409 saying why, any change to what a finalized invoice drew or billed, and writes nothing", async () => {
    const before = await snapshot();
    const credit = { customer_id: s.customerId, credit_id: s.creditId };
    const commit = { customer_id: s.customerId, commit_id: s.commitId };
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => editCredit(s.ctx, { ...credit, access_schedule: { remove_schedule_items: [{ id: s.creditSegmentId }] } }), /finalized invoice drew 3000 from segment .* cannot be removed; void that invoice first/],
      [() => editCredit(s.ctx, { ...credit, access_schedule: { update_schedule_items: [{ id: s.creditSegmentId, amount: 2999 }] } }), /already drew 3000 .* cannot be less/],
      [() => editCredit(s.ctx, { ...credit, access_schedule: { update_schedule_items: [{ id: s.creditSegmentId, starting_at: "2026-02-02T00:00:00Z" }] } }), /must still cover 2026-02-01T00:00:00.000Z – 2026-03-01T00:00:00.000Z/],
      [() => updateCreditEndDate(s.ctx, { ...credit, access_ending_before: "2026-02-15T00:00:00Z" }), /must still cover 2026-02-01T00:00:00.000Z – 2026-03-01T00:00:00.000Z/],
      [() => editCommit(s.ctx, { ...commit, invoice_schedule: { remove_schedule_items: [{ id: purchaseItem }] } }), /was billed on invoice .* finalized; it cannot be removed/],
      [() => editCommit(s.ctx, { ...commit, invoice_schedule: { update_schedule_items: [{ id: purchaseItem, amount: 3000 }] } }), /finalized; it cannot be changed/],
      [() => updateCommitEndDate(s.ctx, { ...commit, invoices_ending_before: iso(FEB) }), /finalized; it cannot be removed/],
      // The same rule through v2 contracts/edit, which shares the code.
      [() => editContract(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, update_credits: [{ credit_id: s.creditId, access_schedule: { remove_schedule_items: [{ id: s.creditSegmentId }] } }] }), /cannot be removed/],
    ];
    for (const [call, message] of cases) {
      const e = await refusal(call());
      expect([e.code, e.message]).toEqual(["conflict", expect.stringMatching(message)]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad requests with 400 or 404 naming the field", async () => {
    const before = await snapshot();
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => updateCreditEndDate(s.ctx, { customer_id: s.customerId, credit_id: s.creditId, access_ending_before: "2026-04-01T00:00:00Z" }), "bad_request", "access_ending_before"],
      [() => editCommit(s.ctx, { customer_id: s.customerId, commit_id: s.commitId, invoice_contract_id: s.contractId }), "bad_request", "invoice_contract_id"],
      [() => editCredit(s.ctx, { customer_id: s.customerId, credit_id: s.commitId, name: "x" }), "not_found", "credit_id"],
      [() => editCommit(s.ctx, { customer_id: s.customerId, commit_id: s.commitId, access_schedule: { update_schedule_items: [{ id: s.creditSegmentId, amount: 1 }] } }), "not_found", "access_schedule.update_schedule_items.0.id"],
      [() => editCommit(s.ctx, { customer_id: s.customerId, commit_id: s.commitId, access_schedule: { update_schedule_items: [{ id: s.commitSegmentId, ending_before: iso(FEB) }] } }), "bad_request", "access_schedule.update_schedule_items.0.ending_before"],
      [() => updateCommitEndDate(s.ctx, { customer_id: s.customerId, commit_id: s.commitId }), "bad_request", "access_ending_before"],
      [() => editCommit(s.ctx, { customer_id: s.customerId, commit_id: s.commitId, invoice_schedule: { add_schedule_items: [{ timestamp: "2026-06-01T00:00:00Z", amount: -5 }] } }), "bad_request", "invoice_schedule.add_schedule_items.0.amount"],
    ];
    for (const [call, code, field] of cases) {
      const e = await refusal(call());
      expect([e.code, Object.keys(e.fields ?? {})]).toEqual([code, [field]]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("takes what keeps the finalized draw, as one contract edit in the history, audited and queued for refresh", async () => {
    await db.prisma.billingRefreshQueue.deleteMany({});
    // Down to exactly what February drew, ending Mar 1 (the end of the invoice it covered).
    await editCredit(s.ctx, { customer_id: s.customerId, credit_id: s.creditId, priority: 5, access_schedule: { update_schedule_items: [{ id: s.creditSegmentId, amount: 3000 }] } });
    await updateCreditEndDate(s.ctx, { customer_id: s.customerId, credit_id: s.creditId, access_ending_before: iso(MAR) });
    const credit = await db.prisma.commit.findUniqueOrThrow({ where: { id: s.creditId }, select: { priority: true, segments: { select: { amount: true, startingAt: true, endingBefore: true } } } });
    expect([credit.priority?.toString(), credit.segments.map((g) => [g.amount.toString(), iso(g.startingAt), iso(g.endingBefore)])]).toEqual(["5", [["3000", iso(FEB), iso(MAR)]]]);
    const history = await getContractEditHistory(s.ctx, { customer_id: s.customerId, contract_id: s.contractId });
    expect(history.map((e) => [e.kind, e.payload])).toEqual([
      ["EDIT", { customer_id: s.customerId, contract_id: s.contractId, update_credits: [{ credit_id: s.creditId, priority: 5, access_schedule: { update_schedule_items: [{ id: s.creditSegmentId, amount: 3000 }] } }] }],
      ["EDIT", { customer_id: s.customerId, contract_id: s.contractId, update_credits: [{ credit_id: s.creditId, access_schedule: { remove_schedule_items: [], update_schedule_items: [{ id: s.creditSegmentId, ending_before: iso(MAR) }] } }] }],
    ]);
    expect(await db.prisma.auditLogEntry.count({ where: { objectId: s.contractId, action: "contract.edit" } })).toBe(2);
    expect((await db.prisma.billingRefreshQueue.findMany({ select: { customerId: true } })).map((q) => q.customerId)).toEqual([s.customerId]);
  });

  it("edits a customer-level commit as a change of the commit, and its purchase items not yet billed", async () => {
    await db.prisma.billingRefreshQueue.deleteMany({});
    const { id } = await createCustomerCommit(s.ctx, {
      customer_id: s.customerId,
      product_id: s.products.fixed,
      type: "PREPAID",
      priority: 3,
      invoice_contract_id: s.contractId,
      access_schedule: { schedule_items: [{ amount: 1000, starting_at: iso(MAR), ending_before: "2026-05-01T00:00:00Z" }] },
      invoice_schedule: { schedule_items: [{ timestamp: "2026-04-01T00:00:00Z", amount: 1000 }] },
    });
    const item = (await db.prisma.scheduleItem.findFirstOrThrow({ where: { commitId: id } })).id;
    const edits = await db.prisma.contractEdit.count();
    await editCommit(s.ctx, { customer_id: s.customerId, commit_id: id, invoice_contract_id: s.contractId, invoice_schedule: { update_schedule_items: [{ id: item, quantity: 2, unit_price: 600 }], add_schedule_items: [{ timestamp: "2026-05-01T00:00:00Z", amount: 250 }] } });
    const after = await db.prisma.commit.findUniqueOrThrow({ where: { id }, select: { invoiceContractId: true, invoiceSchedule: { orderBy: { timestamp: "asc" }, select: { timestamp: true, quantity: true, unitPrice: true, amount: true } } } });
    expect([after.invoiceContractId, after.invoiceSchedule.map((i) => [iso(i.timestamp), i.quantity.toString(), i.unitPrice.toString(), i.amount.toString()])]).toEqual([
      s.contractId,
      [
        ["2026-04-01T00:00:00.000Z", "2", "600", "1200"],
        ["2026-05-01T00:00:00.000Z", "1", "250", "250"],
      ],
    ]);
    expect(await db.prisma.contractEdit.count()).toBe(edits);
    expect(await db.prisma.auditLogEntry.count({ where: { objectId: id, action: "commit.edit" } })).toBe(1);
    expect((await db.prisma.billingRefreshQueue.findMany({ select: { customerId: true } })).map((q) => q.customerId)).toEqual([s.customerId]);
  });
});
