import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { balanceState } from "@/lib/services/balances/balance-state";
import { archiveContract } from "@/lib/services/contracts/contract-lifecycle";
import { COMMIT_SELECT } from "@/lib/services/contracts/contract-record";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { APR, billingScenario, FEB, MAR, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { closePeriods } from "./close-periods";
import { getInvoice } from "./get-invoice";
import type { InvoiceLine, InvoiceRecord } from "./invoice-record";
import { listInvoices } from "./list-invoices";
import { draftInvoiceId } from "./open-draft";
import { regenerateInvoice } from "./regenerate-invoice";
import { voidInvoice } from "./void-invoice";
import { refusal } from "@/lib/test-support/refusal";

// Period close on the billing scenario (lib/test-support/billing-scenario.ts): February ended on
// Mar 1 and is closed once the grace period (24 h) has passed; March stays a draft. Each test
// starts from a fresh database and takes the steps before its own (closeFebruary, regenerate
// February after late events), so any one of them runs alone.

const GRACE = 24;
const HOUR = 3_600_000;

const brief = (line: InvoiceLine) => [line.type, line.name, line.total.toFixed(), line.quantity?.toFixed() ?? null];

describeEachDatabase("period close, void and regenerate", (kind) => {
  let db: Database;
  let s: BillingScenario;
  const list = async (now = NOW) => (await listInvoices(s.ctx, { customer_id: s.customerId, limit: 100 }, now)).data;
  const balances = async (at = NOW) => {
    const rows = await db.prisma.commit.findMany({ where: { customerId: s.customerId }, select: COMMIT_SELECT });
    return JSON.parse(JSON.stringify([...(await balanceState(db.prisma, s.customerId, rows, at)).balances.values()])) as unknown;
  };
  const counts = async () => ({
    invoices: await db.prisma.invoice.count(),
    lines: await db.prisma.invoiceLineItem.count(),
    ledger: await db.prisma.ledgerEntry.count(),
    audit: await db.prisma.auditLogEntry.count({ where: { objectType: "invoice" } }),
    outbox: await db.prisma.outboxEvent.count(),
    billedItems: await db.prisma.scheduleItem.count({ where: { invoiceId: { not: null } } }),
  });

  beforeEach(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
  });
  afterEach(() => db.close());

  const februaryUsage = (invoices: InvoiceRecord[]) => invoices.filter((i) => i.type === "USAGE" && i.startTimestamp.getTime() === FEB.getTime());
  const purchaseIdOf = (drafts: InvoiceRecord[]) => draftInvoiceId(s.contractId, FEB, `SCHEDULED:${drafts[0]!.creditType.id}`);

  /** The commit purchase on its date, then February once its grace has passed. */
  async function closeFebruary() {
    const purchaseId = purchaseIdOf(await list());
    expect(await closePeriods(db.prisma, FEB, GRACE)).toEqual({ finalized: 1, failures: [] });
    expect(await closePeriods(db.prisma, new Date(MAR.getTime() + GRACE * HOUR), GRACE)).toEqual({ finalized: 1, failures: [] });
    return { purchaseId, febId: draftInvoiceId(s.contractId, FEB) };
  }

  const LATE = Array.from({ length: 50 }, (_, i) => ({ transaction_id: `late-${i}`, customer_id: "acme", event_type: "api_call", timestamp: "2026-02-20T10:00:00Z" }));

  /** February closed, 50 late events for it, and February regenerated with them. */
  async function regenerateFebruary() {
    const closed = await closeFebruary();
    await ingestEvents(s.ctx, LATE, { now: NOW, backdateDays: 60 });
    const { id: regeneratedId } = await regenerateInvoice(s.ctx, { id: closed.febId }, NOW);
    return { ...closed, regeneratedId };
  }

  it("finalizes the commit purchase on its date, and no period before its grace has passed", async () => {
    const drafts = await list();
    const purchaseId = purchaseIdOf(drafts);
    expect(drafts.map((i) => [i.id, i.type, i.status])).toEqual([[purchaseId, "SCHEDULED", "DRAFT"], [draftInvoiceId(s.contractId, FEB), "USAGE", "DRAFT"], [draftInvoiceId(s.contractId, MAR), "USAGE", "DRAFT"]]);
    expect(await closePeriods(db.prisma, new Date(FEB.getTime() - 1), GRACE)).toEqual({ finalized: 0, failures: [] });
    // Dated Feb 1: issued on Feb 1, with no grace (no late event can change it).
    expect(await closePeriods(db.prisma, FEB, GRACE)).toEqual({ finalized: 1, failures: [] });
    expect(await closePeriods(db.prisma, new Date(MAR.getTime() + (GRACE - 1) * HOUR), GRACE)).toEqual({ finalized: 0, failures: [] });
    const purchase = await db.prisma.invoice.findUniqueOrThrow({ where: { id: purchaseId } });
    expect(purchase).toMatchObject({ type: "SCHEDULED", status: "FINALIZED", startTimestamp: FEB, endTimestamp: FEB, issuedAt: FEB, idempotencyKey: `close:${s.contractId}:SCHEDULED:${FEB.toISOString()}:${purchase.creditTypeId}` });
    expect(purchase.total.toString()).toBe("4000");
    expect(await db.prisma.scheduleItem.findMany({ where: { commitId: s.commitId }, select: { invoiceId: true } })).toEqual([{ invoiceId: purchaseId }]);
    // It does not move the contract's first open period.
    expect((await db.prisma.contract.findUniqueOrThrow({ where: { id: s.contractId } })).nextPeriodStart).toEqual(FEB);
  });

  it("finalizes each period past its grace exactly as its draft read, and the ledger takes over from the draft", async () => {
    const drafts = await list();
    const balancesBefore = await balances();
    const purchaseId = purchaseIdOf(drafts);
    expect(await closePeriods(db.prisma, FEB, GRACE)).toEqual({ finalized: 1, failures: [] });
    // The rule is on instants: period end + grace ≤ at.
    expect(await closePeriods(db.prisma, new Date(MAR.getTime() + GRACE * HOUR - 1), GRACE)).toEqual({ finalized: 0, failures: [] });
    expect(await closePeriods(db.prisma, new Date(MAR.getTime() + GRACE * HOUR), GRACE)).toEqual({ finalized: 1, failures: [] });
    const after = await list();
    const febId = draftInvoiceId(s.contractId, FEB);
    // February keeps its draft's id; lines and totals are what the draft showed.
    expect(after).toEqual([{ ...drafts[0]!, status: "FINALIZED", issuedAt: FEB }, { ...drafts[1]!, status: "FINALIZED", issuedAt: MAR }, drafts[2]]);
    expect(after[1]!.lines.map(brief)).toEqual([
      ["USAGE", "API calls", "3000", "300"],
      ["APPLIED_COMMIT_OR_CREDIT", "Trial credit", "-3000", null],
    ]);
    expect(after[2]!.total.toFixed()).toBe("3900");
    expect(await balances()).toEqual(balancesBefore);

    const invoice = await db.prisma.invoice.findUniqueOrThrow({ where: { id: febId } });
    expect(invoice).toMatchObject({ status: "FINALIZED", type: "USAGE", idempotencyKey: `close:${s.contractId}:USAGE:${FEB.toISOString()}`, startTimestamp: FEB, endTimestamp: MAR });
    const ledger = await db.prisma.ledgerEntry.findMany({ select: { commitId: true, segmentId: true, invoiceId: true, type: true, amount: true, uniqueKey: true } });
    expect(ledger.map((e) => ({ ...e, amount: e.amount.toString() }))).toEqual([
      { commitId: s.creditId, segmentId: s.creditSegmentId, invoiceId: febId, type: "INVOICE_DEDUCTION", amount: "-3000", uniqueKey: `deduction:${febId}:${s.creditSegmentId}` },
    ]);
    // The commit purchase dated Feb 1 stays billed by its SCHEDULED invoice.
    expect(await db.prisma.scheduleItem.findMany({ where: { commitId: s.commitId }, select: { invoiceId: true } })).toEqual([{ invoiceId: purchaseId }]);
    expect((await db.prisma.contract.findUniqueOrThrow({ where: { id: s.contractId } })).nextPeriodStart).toEqual(MAR);
    const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectType: "invoice", objectId: febId } });
    expect(audit).toMatchObject({ actorType: "system", actorName: "period close", action: "invoice.finalize", customerId: s.customerId, after: expect.objectContaining({ total: "0", type: "USAGE" }) });
    const outbox = await db.prisma.outboxEvent.findMany({ orderBy: { createdAt: "asc" } });
    expect(outbox.map((e) => [e.type, e.payload])).toEqual([
      ["invoice.finalized", { invoice_id: purchaseId, customer_id: s.customerId, contract_id: s.contractId, invoice_type: "SCHEDULED", credit_type_id: invoice.creditTypeId, total: "4000" }],
      ["invoice.finalized", { invoice_id: febId, customer_id: s.customerId, contract_id: s.contractId, invoice_type: "USAGE", credit_type_id: invoice.creditTypeId, total: "0" }],
    ]);
  });

  it("changes nothing when closing again, at the same instant or later", async () => {
    await closeFebruary();
    const before = await counts();
    expect(await closePeriods(db.prisma, NOW, GRACE)).toEqual({ finalized: 0, failures: [] });
    expect(await closePeriods(db.prisma, new Date(APR.getTime() + (GRACE - 1) * HOUR), GRACE)).toEqual({ finalized: 0, failures: [] });
    expect(await counts()).toEqual(before);
  });

  it("keeps the finalized invoice as it was when late events arrive; regenerate picks them up", async () => {
    const { febId, purchaseId } = await closeFebruary();
    const finalized = await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: febId }, NOW);
    await ingestEvents(s.ctx, LATE, { now: NOW, backdateDays: 60 });
    expect(await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: febId }, NOW)).toEqual(finalized);

    const { id: regeneratedId } = await regenerateInvoice(s.ctx, { id: febId }, NOW);
    expect(regeneratedId).not.toBe(febId);
    const [old, fresh] = await Promise.all([febId, regeneratedId].map((id) => getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: id }, NOW)));
    expect(old).toEqual({ ...finalized, status: "VOID" });
    expect(fresh).toMatchObject({ status: "FINALIZED", regeneratedFromId: febId, startTimestamp: FEB, endTimestamp: MAR });
    // 350 calls now: the trial credit covers all of them.
    expect(fresh!.lines.map(brief)).toEqual([
      ["USAGE", "API calls", "3500", "350"],
      ["APPLIED_COMMIT_OR_CREDIT", "Trial credit", "-3500", null],
    ]);
    expect(fresh!.total.toFixed()).toBe("0");
    const row = await db.prisma.invoice.findUniqueOrThrow({ where: { id: febId } });
    expect(row.voidedAt).toEqual(NOW);
    // The ledger holds the new invoice's draws only; the purchase stays on its own invoice.
    const ledger = await db.prisma.ledgerEntry.findMany({ select: { invoiceId: true, amount: true, uniqueKey: true } });
    expect(ledger.map((e) => [e.invoiceId, e.amount.toString(), e.uniqueKey])).toEqual([[regeneratedId, "-3500", `deduction:${regeneratedId}:${s.creditSegmentId}`]]);
    expect(await db.prisma.scheduleItem.findMany({ where: { commitId: s.commitId }, select: { invoiceId: true } })).toEqual([{ invoiceId: purchaseId }]);
    // The audit log has what changed, line by line.
    const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: regeneratedId, action: "invoice.regenerate" } });
    const diff = (audit.after as { diff: { total_delta: string; lines: { change: string; type: string; total_delta: string }[] } }).diff;
    expect(diff.total_delta).toBe("0");
    expect(diff.lines.map((l) => [l.change, l.type, l.total_delta])).toEqual([
      ["CHANGED", "USAGE", "500"],
      ["CHANGED", "APPLIED_COMMIT_OR_CREDIT", "-500"],
    ]);
    expect(await db.prisma.outboxEvent.findMany({ orderBy: { createdAt: "asc" }, select: { type: true } })).toEqual([
      { type: "invoice.finalized" },
      { type: "invoice.finalized" },
      { type: "invoice.voided" },
      { type: "invoice.finalized" },
    ]);
    // The period stays closed: one void, one finalized, no draft; March still reads the same.
    const listed = await list();
    expect(februaryUsage(listed).map((i) => i.status).sort()).toEqual(["FINALIZED", "VOID"]);
    expect(listed).toHaveLength(4);
    expect(listed[3]).toMatchObject({ status: "DRAFT", startTimestamp: MAR });
    expect(listed.find((i) => i.status === "DRAFT")!.total.toFixed()).toBe("3900");
    expect(await closePeriods(db.prisma, NOW, GRACE)).toEqual({ finalized: 0, failures: [] });
    expect((await refusal(regenerateInvoice(s.ctx, { id: febId }, NOW))).code).toBe("conflict");
  });

  it("voids a finalized invoice: its draws are given back, its schedule items released, and the period stays closed", async () => {
    const { purchaseId, regeneratedId } = await regenerateFebruary();
    // Read on Mar 9, while the trial credit is still active.
    const MAR9 = new Date("2026-03-09T00:00:00Z");
    const creditBefore = (await balances(MAR9)) as { id: string; remaining: string }[];
    expect(await voidInvoice(s.ctx, { id: regeneratedId }, NOW)).toEqual({ id: regeneratedId });
    expect(await db.prisma.invoice.findUniqueOrThrow({ where: { id: regeneratedId } })).toMatchObject({ status: "VOID", voidedAt: NOW });
    expect(await db.prisma.ledgerEntry.count()).toBe(0);
    expect(await db.prisma.scheduleItem.findMany({ where: { invoiceId: { not: null } }, select: { invoiceId: true } })).toEqual([{ invoiceId: purchaseId }]);
    const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: regeneratedId, action: "invoice.void" } });
    expect(audit.before).toMatchObject({ status: "FINALIZED", ledger_entries: [expect.objectContaining({ amount: "-3500" })] });
    expect((await db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "invoice.voided", payload: { path: ["invoice_id"], equals: regeneratedId } } })).payload).toMatchObject({ total: "0" });
    // The trial credit has February's 3500 back (March's draft draws 500 of it).
    const credit = ((await balances(MAR9)) as { id: string; remaining: string }[]).find((b) => b.id === s.creditId)!;
    expect(creditBefore.find((b) => b.id === s.creditId)!.remaining).toBe("0");
    expect(credit.remaining).toBe("3500");
    expect(februaryUsage(await list()).map((i) => i.status)).toEqual(["VOID", "VOID"]);
    const before = await counts();
    expect(await closePeriods(db.prisma, NOW, GRACE)).toEqual({ finalized: 0, failures: [] });
    // Voiding again is a no-op.
    expect(await voidInvoice(s.ctx, { id: regeneratedId }, NOW)).toEqual({ id: regeneratedId });
    expect(await counts()).toEqual(before);
  });

  it("regenerates a voided invoice that has no successor", async () => {
    const { purchaseId, regeneratedId } = await regenerateFebruary();
    await voidInvoice(s.ctx, { id: regeneratedId }, NOW);
    const { id } = await regenerateInvoice(s.ctx, { id: regeneratedId }, NOW);
    const fresh = await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: id }, NOW);
    expect(fresh).toMatchObject({ status: "FINALIZED", regeneratedFromId: regeneratedId });
    expect(fresh.total.toFixed()).toBe("0");
    expect(await db.prisma.ledgerEntry.count({ where: { invoiceId: id } })).toBe(1);
    expect(await db.prisma.scheduleItem.findMany({ where: { commitId: s.commitId }, select: { invoiceId: true } })).toEqual([{ invoiceId: purchaseId }]);
  });

  it("refuses drafts, unknown ids and bad input clearly", async () => {
    const { febId } = await closeFebruary();
    const marDraft = draftInvoiceId(s.contractId, MAR);
    const onDraft = await refusal(voidInvoice(s.ctx, { id: marDraft }, NOW));
    expect([onDraft.status, onDraft.message]).toEqual([422, expect.stringMatching(/draft of a period that is still open/)]);
    expect((await refusal(regenerateInvoice(s.ctx, { id: marDraft }, NOW))).status).toBe(422);
    expect((await refusal(voidInvoice(s.ctx, { id: "00000000-0000-4000-8000-000000000000" }, NOW))).status).toBe(404);
    expect((await refusal(voidInvoice(s.ctx, { id: "nope" }, NOW))).status).toBe(400);
    expect((await refusal(regenerateInvoice(s.ctx, {} as { id: string }, NOW))).status).toBe(400);
    const viewer = { ...s.ctx, actor: { type: "user" as const, id: "u", name: "Vera", role: "viewer" as const } };
    expect((await refusal(voidInvoice(viewer, { id: febId }, NOW))).status).toBe(403);
  });

  it("voids a contract's finalized invoices when it is archived with void_invoices", async () => {
    await regenerateFebruary();
    // The commit purchase and February's regenerated usage invoice.
    expect(await db.prisma.invoice.count({ where: { contractId: s.contractId, status: "FINALIZED" } })).toBe(2);
    const voided = await db.prisma.outboxEvent.count({ where: { type: "invoice.voided" } });
    await archiveContract(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, void_invoices: true });
    expect(await db.prisma.invoice.count({ where: { contractId: s.contractId, status: "FINALIZED" } })).toBe(0);
    expect(await db.prisma.ledgerEntry.count()).toBe(0);
    expect(await db.prisma.outboxEvent.count({ where: { type: "invoice.voided" } })).toBe(voided + 2);
  });
});
