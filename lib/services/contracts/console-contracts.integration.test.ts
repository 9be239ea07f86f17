import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { AppError } from "@/lib/errors";
import { listAuditEntries } from "@/lib/services/audit/list-audit-entries";
import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { findContracts } from "@/lib/services/contracts/find-contracts";
import { previewContract, previewContractEdit } from "@/lib/services/contracts/preview-contract";
import type { TCreateContract } from "@/lib/services/contracts/schemas";
import { computeDraftInvoice } from "@/lib/services/invoices/draft-invoice";
import { exportInvoiceLines } from "@/lib/services/invoices/export-invoice-lines";
import { findInvoices } from "@/lib/services/invoices/find-invoices";
import { settleBillingState } from "@/lib/test-support/billing-state";
import { ingestEvents } from "@/lib/services/usage/ingest-events";
import { billingFixture, T0 } from "@/lib/test-support/billing-fixture";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";

// The services behind the console's contract, invoice and audit screens: previews that price
// with the engine and store nothing, lists across customers, the CSV export's role check.

const NOW = new Date("2026-01-20T12:00:00Z");

describeEachDatabase("console contracts and invoices", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  let f: Awaited<ReturnType<typeof billingFixture>>;
  const viewer = (): ServiceContext => ({ db: db.prisma, actor: { type: "user", id: "u-viewer", name: "Vic", role: "viewer" } });
  const finance = (): ServiceContext => ({ db: db.prisma, actor: { type: "user", id: "u-finance", name: "Fin", role: "finance" } });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = { db: db.prisma, actor: { type: "system", name: "test" } };
    f = await billingFixture(ctx);
    const events = Array.from({ length: 3 }, (_, i) => ({ transaction_id: `l-${i}`, customer_id: f.alias, event_type: "completion", timestamp: `2026-01-0${i + 2}T10:00:00Z`, properties: { model: "large", tokens: 1_000_000 } }));
    await ingestEvents(ctx, events, { now: NOW, backdateDays: 34 });
  });
  afterAll(() => db.close());

  const terms = (): TCreateContract => ({
    customer_id: f.customer.id,
    rate_card_id: f.card.id,
    name: "Preview me",
    starting_at: T0.toISOString(),
    overrides: [{ product_id: f.tokenProduct.id, starting_at: T0.toISOString(), type: "MULTIPLIER", multiplier: 0.5 }],
    subscriptions: [{ collection_schedule: "ADVANCE", subscription_rate: { product_id: f.seats.id, billing_frequency: "MONTHLY" }, initial_quantity: 2, starting_at: T0.toISOString() }],
  });

  it("previews a new contract's first invoice with the engine and stores nothing", async () => {
    const contractsBefore = await db.prisma.contract.count();
    const auditBefore = await db.prisma.auditLogEntry.count();
    const { usage: preview, scheduled } = await previewContract(ctx, terms());
    expect(scheduled).toEqual([]);
    // 3 large tokens at 1000¢ × 0.5, and 2 seats at 2000¢.
    expect(preview.lines.map((l) => [l.type, l.total.toFixed()])).toEqual(expect.arrayContaining([["USAGE", "1500"], ["SUBSCRIPTION", "4000"]]));
    expect(preview.total.toFixed()).toBe("5500");
    expect(preview.startTimestamp.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(await db.prisma.contract.count()).toBe(contractsBefore);
    expect(await db.prisma.auditLogEntry.count()).toBe(auditBefore);

    // The created contract's draft is the previewed invoice.
    const { id } = await createContract(ctx, terms());
    expect((await computeDraftInvoice(db.prisma, f.customer.id, id, NOW)).invoice.total.toFixed()).toBe("5500");
  });

  it("previews a commit purchase and a scheduled charge as SCHEDULED invoices on their dates, not on the usage invoice", async () => {
    // Another customer: the first case's contract already bills this one's usage.
    const other = await createCustomer(ctx, { name: "Schedule Co" });
    const { usage, scheduled } = await previewContract(ctx, {
      ...terms(),
      customer_id: other.id,
      commits: [{ type: "PREPAID", product_id: f.fixed.id, access_schedule: { schedule_items: [{ amount: 10000, starting_at: T0.toISOString(), ending_before: "2027-01-01T00:00:00Z" }] }, invoice_schedule: { schedule_items: [{ timestamp: T0.toISOString(), amount: 10000 }] } }],
      scheduled_charges: [{ product_id: f.fixed.id, schedule: { schedule_items: [{ timestamp: "2026-01-15T00:00:00Z", amount: 2500 }] } }],
    });
    expect(scheduled.map((i) => [i.type, i.startTimestamp.toISOString().slice(0, 10), i.total.toFixed(), i.lines.map((l) => l.type)])).toEqual([
      ["SCHEDULED", "2026-01-01", "10000", ["COMMIT_PURCHASE"]],
      ["SCHEDULED", "2026-01-15", "2500", ["SCHEDULED_CHARGE"]],
    ]);
    expect(usage.lines.map((l) => l.type)).not.toContain("COMMIT_PURCHASE");
  });

  it("refuses previews to roles that cannot write contracts, and names bad fields as create does", async () => {
    await expect(previewContract(viewer(), terms())).rejects.toMatchObject({ code: "forbidden" });
    const error = await previewContract(ctx, { ...terms(), overrides: [{ product_id: f.tokenProduct.id, starting_at: T0.toISOString(), type: "MULTIPLIER" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toHaveProperty("overrides.0.multiplier");
  });

  it("previews an edit as the draft before and after, without applying it", async () => {
    const [contract] = (await findContracts(ctx, { search: "Preview me" }, NOW)).data;
    const row = await db.prisma.subscription.findFirstOrThrow({ where: { contractId: contract!.id }, select: { id: true } });
    const edit = { customer_id: f.customer.id, contract_id: contract!.id, update_subscriptions: [{ subscription_id: row.id, quantity_updates: [{ starting_at: T0.toISOString(), quantity: 5 }] }] };
    const preview = await previewContractEdit(ctx, edit, NOW, NOW);
    expect(preview.before.total.toFixed()).toBe("5500");
    expect(preview.after.total.toFixed()).toBe("11500");
    expect((await computeDraftInvoice(db.prisma, f.customer.id, contract!.id, NOW)).invoice.total.toFixed()).toBe("5500");
  });

  it("lists contracts across customers with their status, and finds invoices across customers", async () => {
    const page = await findContracts(ctx, { status: "active" }, NOW);
    expect(page.data.map((c) => [c.name, c.customerName, c.rateCardName, c.status])).toEqual([["Preview me", "Scenario Co", "List", "active"]]);
    expect((await findContracts(ctx, { status: "upcoming" }, NOW)).data).toEqual([]);
    await settleBillingState(db.prisma, NOW);
    const invoices = await findInvoices(ctx, { status: "DRAFT" });
    expect(invoices.data.map((i) => [i.customerName, i.status, i.total.toFixed()])).toEqual([["Scenario Co", "DRAFT", "5500"]]);
  });

  it("exports an invoice's lines as CSV for finance only", async () => {
    await settleBillingState(db.prisma, NOW);
    const [invoice] = (await findInvoices(ctx, {})).data;
    const params = { customer_id: f.customer.id, invoice_id: invoice!.id };
    await expect(exportInvoiceLines(viewer(), params, NOW)).rejects.toMatchObject({ code: "forbidden", message: "This needs the finance or admin role; you are signed in as viewer." });
    const { csv } = await exportInvoiceLines(finance(), params, NOW);
    const records = csv.trimEnd().split("\r\n");
    expect(records[0]).toBe("invoice_id,status,line,type,product_id,starting_at,ending_before,quantity,unit_price (USD ($)),amount (USD ($))");
    expect(records).toContainEqual(`${invoice!.id},DRAFT,Seats,SUBSCRIPTION,${f.seats.id},2026-01-01T00:00:00.000Z,2026-02-01T00:00:00.000Z,2,20,40`);
  });

  it("lists audit entries newest first, filtered by actor, object and date", async () => {
    const page = await listAuditEntries(ctx, { objectType: "contract" });
    expect(page.data.map((e) => e.action)).toEqual(["contract.create"]);
    expect(page.data[0]!.actorName).toBe("test");
    expect((await listAuditEntries(ctx, { actor: "nobody" })).data).toEqual([]);
    expect((await listAuditEntries(ctx, { objectId: page.data[0]!.objectId })).data).toHaveLength(1);
    expect((await listAuditEntries(ctx, { from: new Date(Date.now() + 60_000) })).data).toEqual([]);
    const first = await listAuditEntries(ctx, { limit: 1 });
    const second = await listAuditEntries(ctx, { limit: 1, next_page: first.next_page! });
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
  });
});
