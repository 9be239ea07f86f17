import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { rollUpAll } from "@/lib/metering/rollup-job";
import { toDb } from "@/lib/db/decimal";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { APR, billingScenario, FEB, MAR, MAR10, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { getInvoice } from "./get-invoice";
import { lineItemRows, type InvoiceLine, type InvoiceRecord } from "./invoice-record";
import { listInvoices } from "./list-invoices";
import { draftInvoiceId } from "./open-draft";
import { refusal } from "@/lib/test-support/refusal";

const NOBODY = "00000000-0000-4000-8000-000000000000";

/** A line as [type, name, total, quantity?] with money as exact decimal strings. */
const brief = (line: InvoiceLine) => [line.type, line.presentationGroupValues?.region ?? line.name, line.total.toFixed(), line.quantity?.toFixed() ?? null];

describeEachDatabase("invoices", (kind) => {
  let db: Database;
  let s: BillingScenario;
  const list = (params: Record<string, unknown> = {}, now = NOW) => listInvoices(s.ctx, { customer_id: s.customerId, ...params }, now);
  const all = async (params: Record<string, unknown> = {}) => {
    const invoices: InvoiceRecord[] = [];
    let next_page: string | undefined;
    do {
      const page = await list({ ...params, ...(next_page ? { next_page } : {}) });
      invoices.push(...page.data);
      next_page = page.next_page ?? undefined;
    } while (next_page);
    return invoices;
  };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = await billingScenario(db.prisma);
  });
  afterAll(() => db.close());

  it("lists the live drafts of every open period, to the cent", async () => {
    const { data, next_page } = await list();
    expect(next_page).toBeNull();
    expect(data.map((i) => [i.status, i.type, i.startTimestamp, i.endTimestamp, i.subtotal.toFixed(), i.total.toFixed()])).toEqual([
      // The prepaid commit's purchase is billed on its own date, on a SCHEDULED invoice.
      ["DRAFT", "SCHEDULED", FEB, FEB, "4000", "4000"],
      ["DRAFT", "USAGE", FEB, MAR, "3000", "0"],
      ["DRAFT", "USAGE", MAR, APR, "5400", "3900"],
    ]);
    const [purchase, feb, mar] = data;
    expect(purchase!.lines.map(brief)).toEqual([["COMMIT_PURCHASE", "Prepaid commit", "4000", "1"]]);
    expect(purchase).toMatchObject({ id: draftInvoiceId(s.contractId, FEB, `SCHEDULED:${USD_CENTS.id}`), contractId: s.contractId, issuedAt: null });
    expect(feb).toMatchObject({ customerId: s.customerId, contractId: s.contractId, creditType: { id: USD_CENTS.id }, issuedAt: null, netPaymentTermsDays: 30 });
    expect(feb!.lines.map(brief)).toEqual([
      ["USAGE", "API calls", "3000", "300"],
      ["APPLIED_COMMIT_OR_CREDIT", "Trial credit", "-3000", null],
    ]);
    expect(feb!.lines[1]).toMatchObject({ commitId: s.creditId, segmentId: s.creditSegmentId, commitType: "CREDIT", productType: "FIXED" });
    expect(feb!.lines[0]).toMatchObject({ productId: s.products.api, productType: "USAGE", productTags: ["platform"], unitPrice: expect.anything() });
    expect(feb!.lines[0]!.unitPrice!.toFixed()).toBe("10");

    // The credit stops applying when it expires on Mar 10; the commit covers API calls only.
    const usage = mar!.lines.filter((l) => l.type === "USAGE");
    expect(usage.map((l) => [...brief(l), l.startingAt, l.endingBefore])).toEqual(
      expect.arrayContaining([
        ["USAGE", "API calls", "500", "50", MAR, MAR10],
        ["USAGE", "API calls", "1000", "100", MAR10, APR],
        ["USAGE", "us", "2500", "1500", MAR10, APR],
        ["USAGE", "eu", "1400", "700", MAR10, APR],
        ["USAGE", "apac", "0", "0", MAR10, APR],
      ]),
    );
    expect(usage).toHaveLength(5);
    expect(mar!.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => [l.commitId, l.total.toFixed(), l.startingAt, l.endingBefore])).toEqual([
      [s.creditId, "-500", MAR, MAR10],
      [s.commitId, "-1000", MAR, APR],
    ]);
    // A graduated charge keeps its tier slices, each with its exact subtotal.
    const us = usage.find((l) => l.presentationGroupValues?.region === "us")!;
    expect(us.tiers!.map((t) => [t.startingAt.toFixed(), t.quantity.toFixed(), t.price.toFixed(), t.subtotal.toFixed()])).toEqual([
      ["0", "1000", "2", "2000"],
      ["1000", "500", "1", "500"],
    ]);
    // Invariant: the total is the sum of the lines.
    for (const invoice of data) expect(invoice.lines.reduce((sum, l) => sum.plus(l.total), invoice.total.minus(invoice.total)).toFixed()).toBe(invoice.total.toFixed());
  });

  it("gives a draft the same id on every read, and finds it by that id", async () => {
    const first = (await list()).data.map((i) => i.id);
    await rollUpAll(db.prisma);
    const again = (await list()).data;
    expect(again.map((i) => i.id)).toEqual(first);
    expect(first).toEqual([draftInvoiceId(s.contractId, FEB, `SCHEDULED:${USD_CENTS.id}`), draftInvoiceId(s.contractId, FEB), draftInvoiceId(s.contractId, MAR)]);
    // Rolled up or not, the same events make the same invoice.
    expect(again.map((i) => i.total.toFixed())).toEqual(["4000", "0", "3900"]);
    const found = await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: first[2]! }, NOW);
    expect(found).toEqual(again[2]);
    expect(await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: first[0]! }, NOW)).toEqual(again[0]);
  });

  it("leaves out zero-quantity lines when asked", async () => {
    const mar = (await list({ skip_zero_qty_line_items: "true" })).data[2]!;
    expect(mar.lines.some((l) => l.quantity?.isZero())).toBe(false);
    const one = await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: mar.id, skip_zero_qty_line_items: true }, NOW);
    expect(one.lines.map(brief)).not.toContainEqual(["USAGE", "apac", "0", "0"]);
    expect(one.total.toFixed()).toBe("3900");
  });

  it("filters by dates, status, type, contract and credit type, sorts and pages", async () => {
    const febId = draftInvoiceId(s.contractId, FEB);
    const marId = draftInvoiceId(s.contractId, MAR);
    const purchaseId = draftInvoiceId(s.contractId, FEB, `SCHEDULED:${USD_CENTS.id}`);
    const ids = async (params: Record<string, unknown>) => (await all(params)).map((i) => i.id);
    expect(await ids({ ending_before: MAR.toISOString() })).toEqual([purchaseId, febId]);
    expect(await ids({ starting_on: MAR.toISOString() })).toEqual([marId]);
    expect(await ids({ starting_on: APR.toISOString() })).toEqual([]);
    expect(await ids({ status: "draft" })).toEqual([purchaseId, febId, marId]);
    expect(await ids({ status: "FINALIZED" })).toEqual([]);
    expect(await ids({ type: "SCHEDULED" })).toEqual([purchaseId]);
    expect(await ids({ type: "USAGE" })).toEqual([febId, marId]);
    expect(await ids({ type: "USAGE_CONSOLIDATED" })).toEqual([]);
    expect(await ids({ contract_id: s.contractId })).toEqual([purchaseId, febId, marId]);
    expect(await ids({ contract_id: NOBODY })).toEqual([]);
    expect(await ids({ credit_type_id: USD_CENTS.id })).toEqual([purchaseId, febId, marId]);
    expect(await ids({ credit_type_id: NOBODY })).toEqual([]);
    expect(await ids({ sort: "date_desc" })).toEqual([marId, febId, purchaseId]);
    const first = await list({ limit: 1 });
    expect(first.data.map((i) => i.id)).toEqual([purchaseId]);
    expect((await list({ limit: 1, next_page: first.next_page })).data.map((i) => i.id)).toEqual([febId]);
    expect(await ids({ limit: 1, sort: "date_desc" })).toEqual([marId, febId, purchaseId]);
    // Before the contract's first period ends, only that period is open.
    expect((await list({}, new Date("2026-02-20T00:00:00Z"))).data.map((i) => i.id)).toEqual([purchaseId, febId]);
  });

  it("refuses bad input and unknown ids clearly", async () => {
    expect((await refusal(list({ status: "PAID" }))).fields).toHaveProperty(["status"]);
    expect((await refusal(list({ starting_on: "March" }))).fields).toHaveProperty(["starting_on"]);
    expect((await refusal(list({ sort: "name" }))).fields).toHaveProperty(["sort"]);
    expect((await refusal(list({ limit: 0 }))).status).toBe(400);
    expect((await refusal(list({ next_page: "bogus" }))).status).toBe(400);
    expect((await refusal(listInvoices(s.ctx, { customer_id: NOBODY }, NOW))).status).toBe(404);
    expect((await refusal(listInvoices(s.ctx, { customer_id: "not-a-uuid" }, NOW))).status).toBe(404);
    expect((await refusal(getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: NOBODY }, NOW))).status).toBe(404);
    expect((await refusal(getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: "nope" }, NOW))).status).toBe(404);
    // A draft is found only under its own customer.
    const other = await db.prisma.customer.create({ data: { name: "Other" } });
    const marId = draftInvoiceId(s.contractId, MAR);
    expect((await refusal(getInvoice(s.ctx, { customer_id: other.id, invoice_id: marId }, NOW))).status).toBe(404);
  });

  describe("with a finalized invoice", () => {
    let finalizedId: string;
    let feb: InvoiceRecord;

    beforeAll(async () => {
      // What closing February will store: the draft's lines and its draws on the balances.
      feb = (await list()).data[1]!;
      const { id } = await db.prisma.invoice.create({
        data: {
          customerId: s.customerId,
          contractId: s.contractId,
          type: "USAGE",
          status: "FINALIZED",
          creditTypeId: USD_CENTS.id,
          startTimestamp: FEB,
          endTimestamp: MAR,
          issuedAt: MAR,
          finalizedAt: MAR,
          subtotal: toDb(feb.subtotal),
          total: toDb(feb.total),
          idempotencyKey: `close:${s.contractId}:USAGE:${FEB.toISOString()}`,
          lineItems: { create: lineItemRows(s.customerId, feb.lines) },
        },
      });
      finalizedId = id;
      await db.prisma.ledgerEntry.create({
        data: { customerId: s.customerId, commitId: s.creditId, segmentId: s.creditSegmentId, invoiceId: id, type: "INVOICE_DEDUCTION", amount: "-3000", timestamp: FEB },
      });
      await db.prisma.invoice.create({
        data: {
          customerId: s.customerId,
          type: "SCHEDULED",
          status: "VOID",
          creditTypeId: USD_CENTS.id,
          startTimestamp: MAR10,
          endTimestamp: MAR10,
          subtotal: "0",
          total: "0",
          idempotencyKey: "scheduled:test",
          voidedAt: MAR10,
        },
      });
    });

    it("lists it in place of February's draft, which is closed, and March is unchanged", async () => {
      const data = await all();
      expect(data.map((i) => [i.status, i.type, i.startTimestamp, i.total.toFixed()])).toEqual([
        ["DRAFT", "SCHEDULED", FEB, "4000"],
        ["FINALIZED", "USAGE", FEB, "0"],
        ["VOID", "SCHEDULED", MAR10, "0"],
        ["DRAFT", "USAGE", MAR, "3900"],
      ]);
      const [, stored, , mar] = data;
      // It reads back exactly as the draft it was stored from.
      expect(stored).toEqual({ ...feb, id: finalizedId, status: "FINALIZED", issuedAt: MAR });
      expect(mar!.id).toBe(draftInvoiceId(s.contractId, MAR));
      expect(await getInvoice(s.ctx, { customer_id: s.customerId, invoice_id: finalizedId }, NOW)).toEqual(stored);
    });

    it("filters stored invoices alongside drafts", async () => {
      const ids = async (params: Record<string, unknown>) => (await all(params)).map((i) => [i.status, i.type]);
      expect(await ids({ status: "FINALIZED" })).toEqual([["FINALIZED", "USAGE"]]);
      expect(await ids({ status: "VOID" })).toEqual([["VOID", "SCHEDULED"]]);
      expect(await ids({ type: "SCHEDULED" })).toEqual([["DRAFT", "SCHEDULED"], ["VOID", "SCHEDULED"]]);
      expect(await ids({ type: "USAGE" })).toEqual([["FINALIZED", "USAGE"], ["DRAFT", "USAGE"]]);
      expect(await ids({ contract_id: s.contractId })).toEqual([["DRAFT", "SCHEDULED"], ["FINALIZED", "USAGE"], ["DRAFT", "USAGE"]]);
      expect(await ids({ sort: "date_desc", limit: 1 })).toEqual([["DRAFT", "USAGE"], ["VOID", "SCHEDULED"], ["FINALIZED", "USAGE"], ["DRAFT", "SCHEDULED"]]);
      expect(await ids({ starting_on: MAR.toISOString(), ending_before: APR.toISOString() })).toEqual([["VOID", "SCHEDULED"], ["DRAFT", "USAGE"]]);
    });
  });
});
