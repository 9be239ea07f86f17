import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import type { UserRole } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/services/context";
import { getContract } from "@/lib/services/contracts/get-contract";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { draftInvoiceId } from "@/lib/services/invoices/open-draft";
import { listInvoices } from "@/lib/services/invoices/list-invoices";
import { APR, billingScenario, FEB, MAR, MAR10, NOW, type BillingScenario } from "@/lib/test-support/billing-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { addManualLedgerEntry } from "./add-manual-ledger-entry";
import type { BalanceRecord } from "./balance-record";
import { createCustomerCommit } from "./create-customer-commit";
import { createCustomerCredit } from "./create-customer-credit";
import { getNetBalance } from "./get-net-balance";
import { listBalances } from "./list-balances";
import { listCustomerCommits } from "./list-customer-commits";
import { listCustomerCredits } from "./list-customer-credits";
import { refusal } from "@/lib/test-support/refusal";

const NOBODY = "00000000-0000-4000-8000-000000000000";
const viewer = (role: UserRole): Actor => ({ type: "user", id: randomUUID(), name: `${role} user`, role });

const ledger = (b: BalanceRecord) => b.ledger!.map((l) => [l.type, l.amount.toFixed(), l.timestamp.toISOString().slice(0, 10), l.invoiceId ?? l.reason ?? null]);

describeEachDatabase("balances", (kind) => {
  let db: Database;
  let s: BalanceScenario;
  type BalanceScenario = BillingScenario & { keyCreditId: string; keySegmentId: string };

  /** Everything a balance operation may write, to show that a refused one wrote nothing. */
  const snapshot = async () => ({
    commits: await db.prisma.commit.findMany({ orderBy: { id: "asc" }, include: { segments: true, invoiceSchedule: true } }),
    ledger: await db.prisma.ledgerEntry.findMany({ orderBy: { id: "asc" } }),
    audit: await db.prisma.auditLogEntry.count(),
  });
  const balances = async (extra: Record<string, unknown> = {}) =>
    (await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, include_balance: true, include_ledgers: true, ...extra }, NOW)).data;
  const balanceOf = async (id: string) => (await balances()).find((b) => b.id === id)!;
  const totals = async () => (await listInvoices(s.ctx, { customer_id: s.customerId }, NOW)).data.map((i) => i.total.toFixed());

  beforeAll(async () => {
    db = await freshDatabase(kind);
    s = { ...(await billingScenario(db.prisma)), keyCreditId: "", keySegmentId: "" };
  });
  afterAll(() => db.close());

  it("draws balances down by priority as the drafts bill, with a ledger that sums to the balance", async () => {
    const [credit, commit] = await balances();
    // The credit (priority 1) takes February's 3000, then Mar 1–10's 500, and expires with 500.
    expect(credit).toMatchObject({ id: s.creditId, kind: "CREDIT", contractId: s.contractId, name: "Trial credit", product: { id: s.products.fixed, name: "Prepaid balance" } });
    expect(credit!.balance!.toFixed()).toBe("0");
    expect(ledger(credit!)).toEqual([
      ["SEGMENT_START", "4000", "2026-02-01", null],
      ["INVOICE_DEDUCTION", "-3000", "2026-02-01", draftInvoiceId(s.contractId, FEB)],
      ["INVOICE_DEDUCTION", "-500", "2026-03-01", draftInvoiceId(s.contractId, MAR)],
      ["EXPIRATION", "-500", "2026-03-10", null],
    ]);
    expect(credit!.ledger![1]!.contractId).toBe(s.contractId);
    // The commit (priority 2, API calls only) covers API calls once the credit has expired.
    expect(commit).toMatchObject({ id: s.commitId, kind: "COMMIT", type: "PREPAID" });
    expect(commit!.balance!.toFixed()).toBe("3000");
    expect(ledger(commit!)).toEqual([
      ["SEGMENT_START", "4000", "2026-02-01", null],
      ["INVOICE_DEDUCTION", "-1000", "2026-03-01", draftInvoiceId(s.contractId, MAR)],
    ]);
    expect(commit!.invoiceSchedule.map((i) => [i.timestamp, i.amount.toFixed(), i.invoiceId])).toEqual([[FEB, "4000", null]]);
    for (const b of [credit!, commit!]) expect(b.ledger!.reduce((sum, l) => sum.plus(l.amount), b.balance!.minus(b.balance!)).toFixed()).toBe(b.balance!.toFixed());

    const net = await getNetBalance(s.ctx, { customer_id: s.customerId }, NOW);
    expect([net.balance.toFixed(), net.creditTypeId]).toEqual(["3000", USD_CENTS.id]);
    // Counting finalized invoices only (there are none), the commit is untouched and the credit expired.
    expect((await getNetBalance(s.ctx, { customer_id: s.customerId, invoice_inclusion_mode: "FINALIZED" }, NOW)).balance.toFixed()).toBe("4000");
    // On Feb 20 the credit still held what February had not used.
    expect((await getNetBalance(s.ctx, { customer_id: s.customerId }, new Date("2026-02-20T00:00:00Z"))).balance.toFixed()).toBe("5000");
  });

  it("gives /v2/contracts/get the same balances, counting every open period's draft", async () => {
    // February's draft (still open) draws the trial credit's 3000, March's the rest and the commit's 1000.
    const view = await getContract(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, include_balance: true }, NOW);
    const listed = await balances();
    for (const id of [s.creditId, s.commitId]) expect(view.balances!.get(id)!.remaining.toFixed()).toBe(listed.find((b) => b.id === id)!.balance!.toFixed());
    expect(view.balances!.get(s.commitId)!.remaining.toFixed()).toBe("3000");
  });

  describe("customer-level commits and credits", () => {
    it("creates a credit that every contract draws on, soonest expiry first at equal priority", async () => {
      const before = await snapshot();
      const { id } = await createCustomerCredit(s.ctx, {
        customer_id: s.customerId,
        product_id: s.products.fixed,
        name: "Goodwill",
        priority: 1,
        applicable_product_ids: [s.products.api],
        access_schedule: { schedule_items: [{ amount: 2000, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] },
        custom_fields: { campaign: "spring" },
      });
      s.keyCreditId = id;
      const row = await db.prisma.commit.findUniqueOrThrow({ where: { id }, include: { segments: true } });
      s.keySegmentId = row.segments[0]!.id;
      expect(row).toMatchObject({ contractId: null, kind: "CREDIT", type: null, creditTypeId: USD_CENTS.id, customFields: { campaign: "spring" } });
      expect(row.priority?.toString()).toBe("1");
      expect(row.segments.map((seg) => [seg.amount.toString(), seg.startingAt, seg.endingBefore])).toEqual([["2000", MAR, APR]]);
      const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: id } });
      expect(audit).toMatchObject({ action: "credit.create", objectType: "commit", customerId: s.customerId, actorName: "scenario" });
      expect((await snapshot()).audit).toBe(before.audit + 1);

      // Mar 1–10: the trial credit (same priority, ends sooner) still pays; after, the new
      // credit (priority 1) pays before the commit (priority 2). The invoices do not change.
      expect(await totals()).toEqual(["4000", "0", "3900"]);
      expect((await balanceOf(s.creditId)).balance!.toFixed()).toBe("0");
      expect((await balanceOf(id)).balance!.toFixed()).toBe("1000");
      expect((await balanceOf(s.commitId)).balance!.toFixed()).toBe("4000");
      expect((await getNetBalance(s.ctx, { customer_id: s.customerId }, NOW)).balance.toFixed()).toBe("5000");
    });

    it("creates a prepaid commit with its invoice schedule, billed on the contract", async () => {
      const { id } = await createCustomerCommit(s.ctx, {
        customer_id: s.customerId,
        type: "prepaid",
        product_id: s.products.fixed,
        name: "Top-up",
        priority: 5,
        applicable_product_tags: ["ai"],
        access_schedule: { credit_type_id: USD_CENTS.id, schedule_items: [{ amount: 600, starting_at: "2026-04-01T00:00:00Z", ending_before: "2026-05-01T00:00:00Z" }] },
        invoice_schedule: { schedule_items: [{ timestamp: "2026-03-20T00:00:00Z", quantity: 2, unit_price: 300 }] },
        invoice_contract_id: s.contractId,
      });
      const row = await db.prisma.commit.findUniqueOrThrow({ where: { id }, include: { invoiceSchedule: true } });
      expect(row).toMatchObject({ type: "PREPAID", kind: "COMMIT", applicableProductTags: ["ai"] });
      expect(row.invoiceSchedule.map((i) => [i.timestamp.toISOString(), i.quantity.toString(), i.unitPrice.toString(), i.amount.toString()])).toEqual([
        ["2026-03-20T00:00:00.000Z", "2", "300", "600"],
      ]);
      // Its purchase is a SCHEDULED invoice of the contract, dated Mar 20; March's usage is unchanged.
      const invoices = (await listInvoices(s.ctx, { customer_id: s.customerId }, NOW)).data;
      expect(invoices.map((i) => [i.type, i.startTimestamp.toISOString().slice(0, 10), i.total.toFixed()])).toEqual([
        ["SCHEDULED", "2026-02-01", "4000"],
        ["USAGE", "2026-02-01", "0"],
        ["SCHEDULED", "2026-03-20", "600"],
        ["USAGE", "2026-03-01", "3900"],
      ]);
      expect(invoices[2]!.lines.map((l) => [l.type, l.commitId, l.total.toFixed()])).toEqual([["COMMIT_PURCHASE", id, "600"]]);
      expect(invoices[2]!.contractId).toBe(s.contractId);
      // Not started yet: it holds nothing now, and its ledger has not begun.
      const upcoming = await balanceOf(id);
      expect([upcoming.balance!.toFixed(), upcoming.ledger]).toEqual(["0", []]);
      await db.prisma.commit.delete({ where: { id } });
    });

    it.each([
      ["a product that is not FIXED", (s: BalanceScenario) => ({ product_id: s.products.api }), 400, "product_id"],
      ["an unknown product", () => ({ product_id: NOBODY }), 404, "product_id"],
      ["an unknown applicable product", () => ({ applicable_product_ids: [NOBODY] }), 404, "applicable_product_ids.0"],
      ["an unknown customer", () => ({ customer_id: NOBODY }), 404, "customer_id"],
      ["an unknown credit type", () => ({ access_schedule: { credit_type_id: NOBODY, schedule_items: [{ amount: 1, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] } }), 404, "access_schedule.credit_type_id"],
      ["a fraction of a cent", () => ({ access_schedule: { schedule_items: [{ amount: 1.5, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] } }), 400, "access_schedule.schedule_items.0.amount"],
      ["a zero amount", () => ({ access_schedule: { schedule_items: [{ amount: 0, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] } }), 400, "access_schedule.schedule_items.0.amount"],
      ["an access item off the hour", () => ({ access_schedule: { schedule_items: [{ amount: 1, starting_at: "2026-03-01T00:30:00Z", ending_before: APR.toISOString() }] } }), 400, "access_schedule.schedule_items.0.starting_at"],
      ["an end before the start", () => ({ access_schedule: { schedule_items: [{ amount: 1, starting_at: APR.toISOString(), ending_before: MAR.toISOString() }] } }), 400, "access_schedule.schedule_items.0.ending_before"],
      ["no priority", () => ({ priority: undefined }), 400, "priority"],
      ["applicable_contract_ids", (s: BalanceScenario) => ({ applicable_contract_ids: [s.contractId] }), 400, "applicable_contract_ids"],
      ["COMMIT_RATE", () => ({ rate_type: "COMMIT_RATE" }), 400, "rate_type"],
    ])("refuses a credit with %s, naming the field, and writes nothing", async (_name, change, status, field) => {
      const before = await snapshot();
      const input = {
        customer_id: s.customerId,
        product_id: s.products.fixed,
        priority: 3,
        access_schedule: { schedule_items: [{ amount: 100, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] },
        ...change(s),
      };
      const error = await refusal(createCustomerCredit(s.ctx, input as Parameters<typeof createCustomerCredit>[1]));
      expect([error.status, Object.keys(error.fields ?? {})]).toEqual([status, [field]]);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ["a postpaid commit without its true-up invoice", {}, "invoice_schedule"],
      ["a postpaid commit whose invoice differs from its access amount", { invoice_schedule: { schedule_items: [{ timestamp: APR.toISOString(), amount: 99 }] } }, "invoice_schedule.schedule_items.0.amount"],
      ["do_not_invoice", { type: "PREPAID", invoice_schedule: { do_not_invoice: true, schedule_items: [{ timestamp: MAR.toISOString(), amount: 100 }] } }, "invoice_schedule.do_not_invoice"],
      ["an invoice in another credit type", { type: "PREPAID", invoice_schedule: { credit_type_id: NOBODY, schedule_items: [{ timestamp: MAR.toISOString(), amount: 100 }] } }, "invoice_schedule.credit_type_id"],
      ["an unknown invoice contract", { type: "PREPAID", invoice_contract_id: NOBODY }, "invoice_contract_id"],
      ["an invoiced commit without its invoice contract", { type: "PREPAID", invoice_contract_id: undefined, invoice_schedule: { schedule_items: [{ timestamp: MAR.toISOString(), amount: 100 }] } }, "invoice_contract_id"],
    ])("refuses %s", async (_name, change, field) => {
      const before = await snapshot();
      const input = {
        customer_id: s.customerId,
        invoice_contract_id: s.contractId,
        type: "POSTPAID",
        product_id: s.products.fixed,
        priority: 3,
        access_schedule: { schedule_items: [{ amount: 100, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] },
        ...change,
      };
      const error = await refusal(createCustomerCommit(s.ctx, input as Parameters<typeof createCustomerCommit>[1]));
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
      expect(await snapshot()).toEqual(before);
    });

    it("needs the sales or admin role to create", async () => {
      const input = { customer_id: s.customerId, product_id: s.products.fixed, priority: 1, access_schedule: { schedule_items: [{ amount: 1, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] } };
      expect((await refusal(createCustomerCredit({ db: db.prisma, actor: viewer("finance") }, input))).status).toBe(403);
      await expect(createCustomerCredit({ db: db.prisma, actor: viewer("sales") }, input).then((c) => db.prisma.commit.delete({ where: { id: c.id } }))).resolves.toBeTruthy();
    });
  });

  describe("manual ledger entries", () => {
    const entry = (extra: Record<string, unknown>) =>
      addManualLedgerEntry(s.ctx, { customer_id: s.customerId, id: s.keyCreditId, segment_id: s.keySegmentId, reason: "Outage", ...extra } as Parameters<typeof addManualLedgerEntry>[1], NOW);

    it("refuses to take more than a segment holds after the drafts' draws, and changes nothing", async () => {
      // The goodwill credit holds 2000, of which March's draft draws 1000.
      const before = await snapshot();
      const error = await refusal(entry({ amount: -1500 }));
      expect([error.status, error.fields]).toEqual([422, { amount: "At most 1000 can be taken" }]);
      expect(await snapshot()).toEqual(before);
    });

    it("takes from a segment what the drafts do not draw, audited; the invoices are unchanged", async () => {
      await entry({ amount: -600 });
      const goodwill = await balanceOf(s.keyCreditId);
      expect(goodwill.balance!.toFixed()).toBe("400");
      expect(ledger(goodwill)).toEqual([
        ["SEGMENT_START", "2000", "2026-03-01", null],
        ["MANUAL", "-600", "2026-03-01", "Outage"],
        ["INVOICE_DEDUCTION", "-1000", "2026-03-01", draftInvoiceId(s.contractId, MAR)],
      ]);
      expect((await balanceOf(s.commitId)).balance!.toFixed()).toBe("4000");
      expect(await totals()).toEqual(["4000", "0", "3900"]);
      const audit = await db.prisma.auditLogEntry.findFirstOrThrow({ where: { objectId: s.keyCreditId, action: "balance.manual_entry" } });
      expect(audit).toMatchObject({ customerId: s.customerId, before: { remaining: "1000" }, after: { amount: "-600", reason: "Outage", remaining: "400" } });
      // What is left can still be taken, to exactly zero, and not a cent more.
      expect((await refusal(entry({ amount: -401 }))).status).toBe(422);
    });

    it("adds to a segment, dated when asked, and counts even a future-dated entry", async () => {
      await addManualLedgerEntry(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, id: s.commitId, segment_id: s.commitSegmentId, amount: 250, reason: "Credit note", timestamp: "2026-06-01T00:00:00Z" }, NOW);
      const commit = await balanceOf(s.commitId);
      expect(commit.balance!.toFixed()).toBe("4250");
      expect(ledger(commit)).toEqual([
        ["SEGMENT_START", "4000", "2026-02-01", null],
        ["MANUAL", "250", "2026-06-01", "Credit note"],
      ]);
    });

    it("lets an expired segment's expiration take what a manual entry added", async () => {
      await addManualLedgerEntry(s.ctx, { customer_id: s.customerId, contract_id: s.contractId, id: s.creditId, segment_id: s.creditSegmentId, amount: 300, reason: "Apology" }, NOW);
      const credit = await balanceOf(s.creditId);
      expect(credit.balance!.toFixed()).toBe("0");
      expect(ledger(credit)).toEqual([
        ["SEGMENT_START", "4000", "2026-02-01", null],
        ["MANUAL", "300", "2026-02-01", "Apology"],
        ["INVOICE_DEDUCTION", "-3000", "2026-02-01", draftInvoiceId(s.contractId, FEB)],
        ["INVOICE_DEDUCTION", "-500", "2026-03-01", draftInvoiceId(s.contractId, MAR)],
        ["EXPIRATION", "-800", "2026-03-10", null],
      ]);
    });

    it.each([
      ["a zero amount", { amount: 0 }, 400, "amount"],
      ["a fraction of a cent", { amount: -0.5 }, 400, "amount"],
      ["no reason", { amount: -1, reason: " " }, 400, "reason"],
      ["an unknown balance", { amount: -1, id: NOBODY }, 404, "id"],
      ["an unknown segment", { amount: -1, segment_id: NOBODY }, 404, "segment_id"],
      ["a contract it is not on", { amount: -1, contract_id: NOBODY }, 404, "contract_id"],
      ["per-seat amounts", { amount: -1, per_group_amounts: { a: -1 } }, 400, "per_group_amounts"],
    ])("refuses %s", async (_name, extra, status, field) => {
      const before = await snapshot();
      const error = await refusal(entry(extra));
      expect([error.status, Object.keys(error.fields ?? {})]).toEqual([status, [field]]);
      expect(await snapshot()).toEqual(before);
    });

    it("refuses a contract-level balance named without its contract", async () => {
      const error = await refusal(addManualLedgerEntry(s.ctx, { customer_id: s.customerId, id: s.commitId, segment_id: s.commitSegmentId, amount: -1, reason: "x" }, NOW));
      expect([error.status, error.message]).toEqual([404, `contract_id: this balance belongs to contract ${s.contractId}; pass it as contract_id.`]);
      expect((await refusal(addManualLedgerEntry({ db: db.prisma, actor: viewer("viewer") }, { customer_id: s.customerId, id: s.keyCreditId, segment_id: s.keySegmentId, amount: 1, reason: "x" }, NOW))).status).toBe(403);
    });
  });

  describe("a postpaid commit", () => {
    it("counts billed spend toward its minimum and is trued up when it ends", async () => {
      const { id } = await createCustomerCommit(s.ctx, {
        customer_id: s.customerId,
        type: "POSTPAID",
        product_id: s.products.fixed,
        name: "March minimum",
        priority: 3,
        applicable_product_tags: ["ai"],
        access_schedule: { schedule_items: [{ amount: 5000, starting_at: MAR.toISOString(), ending_before: APR.toISOString() }] },
        invoice_schedule: { schedule_items: [{ timestamp: APR.toISOString(), amount: 5000 }] },
        invoice_contract_id: s.contractId,
      });
      const marId = draftInvoiceId(s.contractId, MAR);
      // Tokens (3900) count toward the minimum; March's invoice bills the 1100 short of it.
      const mar = (await listInvoices(s.ctx, { customer_id: s.customerId, type: "USAGE" }, NOW)).data[1]!;
      expect(mar.lines.filter((l) => l.type === "POSTPAID_TRUEUP").map((l) => [l.commitId, l.total.toFixed(), l.startingAt])).toEqual([[id, "1100", APR]]);
      expect(mar.total.toFixed()).toBe("5000");
      const now = await balanceOf(id);
      expect([now.kind, now.type, now.balance!.toFixed()]).toEqual(["COMMIT", "POSTPAID", "1100"]);
      expect(ledger(now)).toEqual([
        ["SEGMENT_START", "5000", "2026-03-01", null],
        ["INVOICE_DEDUCTION", "-3900", "2026-03-01", marId],
      ]);
      // Once it has ended (March still open), the true-up has taken what was left.
      const april = new Date("2026-04-01T01:00:00Z");
      const ended = (await listBalances(s.ctx, { customer_id: s.customerId, id, include_balance: true, include_ledgers: true }, april)).data[0]!;
      expect(ended.balance!.toFixed()).toBe("0");
      expect(ledger(ended)).toEqual([
        ["SEGMENT_START", "5000", "2026-03-01", null],
        ["INVOICE_DEDUCTION", "-3900", "2026-03-01", marId],
        ["TRUEUP", "-1100", "2026-04-01", marId],
      ]);
      await db.prisma.commit.delete({ where: { id } });
    });
  });

  describe("lists", () => {
    const ids = (records: { id: string }[]) => records.map((r) => r.id);

    it("lists customer-level balances by default, contract ones when asked", async () => {
      expect(ids((await listCustomerCommits(s.ctx, { customer_id: s.customerId }, NOW)).data)).toEqual([]);
      expect(ids((await listCustomerCommits(s.ctx, { customer_id: s.customerId, include_contract_commits: true }, NOW)).data)).toEqual([s.commitId]);
      expect(ids((await listCustomerCredits(s.ctx, { customer_id: s.customerId }, NOW)).data)).toEqual([s.keyCreditId]);
      expect(ids((await listCustomerCredits(s.ctx, { customer_id: s.customerId, include_contract_credits: true }, NOW)).data)).toEqual([s.creditId, s.keyCreditId]);
      expect(ids((await listBalances(s.ctx, { customer_id: s.customerId }, NOW)).data)).toEqual([s.keyCreditId]);
      const plain = (await listBalances(s.ctx, { customer_id: s.customerId }, NOW)).data[0]!;
      expect([plain.balance, plain.ledger]).toEqual([undefined, undefined]);
    });

    it("filters by id, dates and zero balances, and pages", async () => {
      const list = async (extra: Record<string, unknown>) => ids((await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, ...extra }, NOW)).data);
      expect(await list({})).toEqual([s.creditId, s.commitId, s.keyCreditId]);
      expect(await list({ id: s.commitId })).toEqual([s.commitId]);
      expect(await list({ covering_date: "2026-03-12T00:00:00Z" })).toEqual([s.commitId, s.keyCreditId]);
      expect(await list({ starting_at: MAR10.toISOString() })).toEqual([s.commitId, s.keyCreditId]);
      expect(await list({ effective_before: MAR.toISOString() })).toEqual([s.creditId, s.commitId]);
      expect(await list({ effective_before: FEB.toISOString() })).toEqual([]);
      expect(await list({ exclude_zero_balances: true })).toEqual([s.commitId, s.keyCreditId]);
      const first = await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, limit: 2 }, NOW);
      expect(ids(first.data)).toEqual([s.creditId, s.commitId]);
      const second = await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, limit: 2, next_page: first.next_page! }, NOW);
      expect([ids(second.data), second.next_page]).toEqual([[s.keyCreditId], null]);
      const zeroFirst = await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, limit: 1, exclude_zero_balances: true }, NOW);
      // The page of one held the trial credit (zero): it is left out, and the cursor goes on past it.
      expect(ids(zeroFirst.data)).toEqual([]);
      expect(await list({ limit: 5, next_page: zeroFirst.next_page!, exclude_zero_balances: true })).toEqual([s.commitId, s.keyCreditId]);
    });

    it("leaves out archived balances unless asked, and refuses bad filters", async () => {
      await db.prisma.commit.update({ where: { id: s.creditId }, data: { archivedAt: NOW } });
      expect(ids((await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true }, NOW)).data)).toEqual([s.commitId, s.keyCreditId]);
      const archived = (await listBalances(s.ctx, { customer_id: s.customerId, include_contract_balances: true, include_archived: true, include_balance: true }, NOW)).data[0]!;
      expect([archived.id, archived.archivedAt, archived.balance!.toFixed()]).toEqual([s.creditId, NOW, "0"]);
      await db.prisma.commit.update({ where: { id: s.creditId }, data: { archivedAt: null } });

      expect((await refusal(listBalances(s.ctx, { customer_id: NOBODY }, NOW))).status).toBe(404);
      expect((await refusal(listBalances(s.ctx, { customer_id: s.customerId, covering_date: "soon" }, NOW))).fields).toHaveProperty(["covering_date"]);
      expect((await refusal(listBalances(s.ctx, { customer_id: s.customerId, next_page: "x" }, NOW))).status).toBe(400);
      expect((await refusal(getNetBalance(s.ctx, { customer_id: s.customerId, credit_type_id: NOBODY }, NOW))).status).toBe(404);
      expect((await refusal(getNetBalance(s.ctx, { customer_id: s.customerId, filters: [{ balance_types: ["GIFT"] }] } as never, NOW))).fields).toHaveProperty(["filters.0.balance_types.0"]);
    });

    it("sums the net balance of the balances matching any filter", async () => {
      const net = async (filters: unknown[]) => (await getNetBalance(s.ctx, { customer_id: s.customerId, filters } as never, NOW)).balance.toFixed();
      // Trial credit 0, commit 4250, goodwill 400.
      expect(await net([])).toBe("4650");
      expect(await net([{ balance_types: ["CREDIT"] }])).toBe("400");
      expect(await net([{ balance_types: ["PREPAID_COMMIT"] }])).toBe("4250");
      expect(await net([{ balance_types: ["POSTPAID_COMMIT"] }, { ids: [s.keyCreditId] }])).toBe("400");
      expect(await net([{ custom_fields: { campaign: "spring" } }])).toBe("400");
      expect(await net([{ ids: [s.commitId], custom_fields: { campaign: "spring" } }])).toBe("0");
      // Without the drafts: the trial credit has expired, the others hold their grants and manual entries.
      expect((await getNetBalance(s.ctx, { customer_id: s.customerId, invoice_inclusion_mode: "FINALIZED" }, NOW)).balance.toFixed()).toBe(String(4000 + 250 + 2000 - 600));
    });
  });
});
