import type { InvoiceListBreakdownsParams, InvoiceListBreakdownsResponse } from "@metronome/sdk/resources/v1/customers/invoices";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Decimal } from "@/lib/billing/decimal";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { billingClose } from "@/lib/test-support/billing-close";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { pdfText } from "@/lib/test-support/pdf-text";
import { allPages } from "@/lib/test-support/all-pages";

// Invoice breakdowns and PDFs through the official SDK. The contract starts on the first of the
// month before last (P2), so three periods exist: P2, last month (P1) and this month. The server's
// grace is set between the two ends, so closing finalizes P2 (and the scheduled charge dated in
// P1) but never P1, which stays an open draft. Every event is sent before the contract exists, so
// P2 is closed with all of them whoever closes it: the operator command or the server's own job.
//
//   API calls: COUNT, FLAT 0.5¢ (so windows must round as the invoice does)
//   Tokens: SUM of `tokens`, TIERED 2¢ up to 1,000, then 1¢
//   Trial credit: 1,000¢ for P2
//   P2: calls 3 + 5 (day 0), 7 (day 1), 1 (day 3) = 16 → 8; tokens 800 (day 1), 600 (day 2) → 2400;
//       subtotal 2408, credit −1000, total 1408
//   P1: calls 9 (day 0), 2 (day 2) = 11 → 6; tokens 1200 (day 0) → 2200; total 2206

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const today = new Date();
const monthStart = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
const P2 = monthStart(-2);
const P1 = monthStart(-1);
const THIS = monthStart(0);
const at = (start: Date, hours: number) => new Date(start.getTime() + hours * HOUR).toISOString();
const iso = (d: Date) => d.toISOString();
const daysIn = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY);

const sum = (values: number[]) => values.reduce((a, b) => a.plus(b), new Decimal(0)).toNumber();

describeEachDatabase("invoice breakdowns and PDFs through the SDK", (kind) => {
  let server: ApiServer;
  const ids = { customer: "", contract: "", api: "", tokens: "", fixed: "", p2: "", p1: "", scheduled: "" };
  const c = () => server.client;
  const breakdowns = (params: Omit<InvoiceListBreakdownsParams, "customer_id">) => allPages(c().v1.customers.invoices.listBreakdowns({ customer_id: ids.customer, ...params }));
  const invoice = async (id: string) => (await c().v1.customers.invoices.retrieve({ customer_id: ids.customer, invoice_id: id })).data;

  /** The windows of one invoice add up to it: its total, its subtotal, and each line by name and type. */
  function expectSumsTo(windows: InvoiceListBreakdownsResponse[], whole: Awaited<ReturnType<typeof invoice>>) {
    expect(windows.every((w) => w.id === whole.id && w.status === whole.status && w.start_timestamp === whole.start_timestamp && w.end_timestamp === whole.end_timestamp)).toBe(true);
    expect(sum(windows.map((w) => w.total))).toBe(whole.total);
    expect(sum(windows.map((w) => w.subtotal!))).toBe(whole.subtotal);
    const byLine = (lines: { name: string; type: string; total: number }[]) => {
      const totals = new Map<string, Decimal>();
      for (const l of lines) totals.set(`${l.type} ${l.name}`, (totals.get(`${l.type} ${l.name}`) ?? new Decimal(0)).plus(l.total));
      return Object.fromEntries([...totals].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toNumber()]));
    };
    expect(byLine(windows.flatMap((w) => w.line_items))).toEqual(byLine(whole.line_items));
    // Consecutive, inside the period.
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.breakdown_start_timestamp).toBe(windows[i - 1]!.breakdown_end_timestamp);
  }

  beforeAll(async () => {
    // Closable: P2 (ended at P1, more than `grace` ago). Not: P1 (ended at THIS, less than `grace` ago).
    const grace = (Date.now() - P1.getTime()) / HOUR - 1;
    server = await startApiServer(kind, { RATELINE_BACKDATE_DAYS: "100", RATELINE_GRACE_HOURS: String(grace), RATELINE_INVOICE_ISSUER: "Nimbus AI, Inc." });
    const calls = (await c().v1.billableMetrics.create({ name: "API calls", aggregation_type: "COUNT", event_type_filter: { in_values: ["api_call"] } })).data.id;
    const tokens = (await c().v1.billableMetrics.create({ name: "Tokens", aggregation_type: "SUM", aggregation_key: "tokens", event_type_filter: { in_values: ["completion"] }, property_filters: [{ name: "tokens", exists: true }] })).data.id;
    ids.api = (await c().v1.contracts.products.create({ name: "API calls", type: "USAGE", billable_metric_id: calls })).data.id;
    ids.tokens = (await c().v1.contracts.products.create({ name: "Tokens", type: "USAGE", billable_metric_id: tokens })).data.id;
    ids.fixed = (await c().v1.contracts.products.create({ name: "Services", type: "FIXED" })).data.id;
    const card = (await c().v1.contracts.rateCards.create({ name: "List" })).data.id;
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: ids.api, entitled: true, rate_type: "FLAT", price: 0.5, starting_at: iso(P2) });
    await c().v1.contracts.rateCards.rates.add({ rate_card_id: card, product_id: ids.tokens, entitled: true, rate_type: "TIERED", tiers: [{ size: 1000, price: 2 }, { price: 1 }], starting_at: iso(P2) });
    ids.customer = (await c().v1.customers.create({ name: "Northwind Traders", ingest_aliases: ["northwind"] })).data.id;
    const callsAt = (prefix: string, n: number, when: string) => Array.from({ length: n }, (_, i) => ({ transaction_id: `${prefix}-${i}`, customer_id: "northwind", event_type: "api_call", timestamp: when }));
    const tokensAt = (id: string, n: number, when: string) => ({ transaction_id: id, customer_id: "northwind", event_type: "completion", timestamp: when, properties: { tokens: n } });
    await c().v1.usage.ingest({
      usage: [
        ...callsAt("p2-a", 3, at(P2, 1)),
        ...callsAt("p2-b", 5, at(P2, 2)),
        ...callsAt("p2-c", 7, at(P2, 29)),
        ...callsAt("p2-d", 1, at(P2, 72)),
        tokensAt("p2-t1", 800, at(P2, 30)),
        tokensAt("p2-t2", 600, at(P2, 58)),
        ...callsAt("p1-a", 9, at(P1, 3)),
        ...callsAt("p1-b", 2, at(P1, 49)),
        tokensAt("p1-t1", 1200, at(P1, 4)),
      ],
    });
    ids.contract = (
      await c().v1.contracts.create({
        customer_id: ids.customer,
        name: "Enterprise",
        starting_at: iso(P2),
        rate_card_id: card,
        credits: [{ product_id: ids.fixed, name: "Trial credit", priority: 1, access_schedule: { schedule_items: [{ amount: 1000, starting_at: iso(P2), ending_before: iso(P1) }] } }],
        scheduled_charges: [{ product_id: ids.fixed, name: "Onboarding", schedule: { schedule_items: [{ timestamp: at(P1, 36), amount: 5000 }] } }],
      })
    ).data.id;
    // Closed by the operator command (the server's own close job, each minute, may get there first).
    const closed = await billingClose(server, { graceHours: grace });
    expect(closed.status, closed.output).toBe(0);
    const finalized = (await c().v1.customers.invoices.list({ customer_id: ids.customer, status: "FINALIZED" })).data;
    expect(finalized.map((f) => [f.type, f.start_timestamp])).toEqual([["USAGE", iso(P2)], ["SCHEDULED", at(P1, 36)]]);
    [ids.p2, ids.scheduled] = finalized.map((f) => f.id) as [string, string];
    ids.p1 = (await c().v1.customers.invoices.list({ customer_id: ids.customer, status: "DRAFT", starting_on: iso(P1), ending_before: iso(THIS) })).data[0]!.id;
  });
  afterAll(() => server?.stop());

  it("breaks a finalized invoice into days that add up to it, each the invoice as it grew that day", async () => {
    const p2 = await invoice(ids.p2);
    expect([p2.status, p2.subtotal, p2.total]).toEqual(["FINALIZED", 2408, 1408]);
    const days = await breakdowns({ starting_on: iso(P2), ending_before: iso(P1), status: "FINALIZED", window_size: "DAY" });
    expect(days.map((d) => d.breakdown_start_timestamp)).toEqual(Array.from({ length: daysIn(P2, P1) }, (_, i) => iso(new Date(P2.getTime() + i * DAY))));
    expectSumsTo(days, p2);
    // Day 0: 8 calls (4¢), all taken by the credit. Day 1: 15 calls make 7.5 → 8¢ (+4), 800 tokens
    // at 2¢; the credit's last 996¢. Day 2: 600 tokens, 200 at 2¢ and 400 at 1¢. Day 3: one call
    // more leaves 16 × 0.5 = 8¢ as it was.
    expect(days.slice(0, 4).map((d) => [d.subtotal, d.total])).toEqual([[4, 0], [1604, 608], [800, 800], [0, 0]]);
    const byName = <T extends { name: string }>(lines: T[]) => [...lines].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(days[1]!.line_items).map((l) => [l.type, l.name, l.quantity, l.total, l.starting_at, l.ending_before])).toEqual([
      ["usage", "API calls", 7, 4, days[1]!.breakdown_start_timestamp, days[1]!.breakdown_end_timestamp],
      ["usage", "Tokens", 800, 1600, days[1]!.breakdown_start_timestamp, days[1]!.breakdown_end_timestamp],
      ["applied_commit_or_credit", "Trial credit", undefined, -996, iso(P2), iso(P1)],
    ]);
    expect(days[0]).toMatchObject({ customer_id: ids.customer, contract_id: ids.contract, type: "USAGE", credit_type: p2.credit_type, net_payment_terms_days: 0, issued_at: iso(P1) });
    expect(days[0]!.line_items.find((l) => l.name === "API calls")).toMatchObject({ product_id: ids.api, product_type: "UsageProductListItem", unit_price: 0.5 });
    // A day without usage shows its usage lines at zero, unless zero quantities are skipped.
    expect(byName(days[10]!.line_items).map((l) => [l.name, l.quantity, l.total])).toEqual([["API calls", 0, 0], ["Tokens", 0, 0]]);
    const skipped = await breakdowns({ starting_on: iso(P2), ending_before: iso(P1), status: "FINALIZED", skip_zero_qty_line_items: true });
    expect(skipped[10]!.line_items).toEqual([]);
    expectSumsTo(skipped, p2);
  });

  it("breaks it into hours that add up to it too, paged", async () => {
    const p2 = await invoice(ids.p2);
    const hours = await breakdowns({ starting_on: iso(P2), ending_before: iso(P1), status: "FINALIZED", window_size: "HOUR", limit: 100 });
    expect(hours).toHaveLength(daysIn(P2, P1) * 24);
    expectSumsTo(hours, p2);
    expect(hours.slice(0, 4).map((h) => h.total)).toEqual([0, 0, 0, 0]);
    expect(hours.slice(1, 3).map((h) => h.line_items.find((l) => l.name === "API calls")!.quantity)).toEqual([3, 5]);
  });

  it("breaks a live draft into days and hours that add up to it", async () => {
    const p1 = await invoice(ids.p1);
    expect([p1.status, p1.total]).toEqual(["DRAFT", 2206]);
    for (const window_size of ["DAY", "HOUR"] as const) {
      const windows = await breakdowns({ starting_on: iso(P1), ending_before: iso(THIS), status: "DRAFT", window_size, limit: 100 });
      expect(windows).toHaveLength(daysIn(P1, THIS) * (window_size === "DAY" ? 1 : 24));
      expectSumsTo(windows, p1);
    }
    // The tokens cross into the cheaper tier in the hour they arrive: 1000 at 2¢, 200 at 1¢.
    const hour4 = (await breakdowns({ starting_on: at(P1, 4), ending_before: at(P1, 5), window_size: "HOUR" }))[0]!;
    expect(hour4.line_items.find((l) => l.name === "Tokens")).toMatchObject({ quantity: 1200, total: 2200 });
  });

  it("lists every invoice's windows in the range, in the invoice list's order, and pages through them", async () => {
    const range = { starting_on: iso(P2), ending_before: iso(THIS) };
    const everything = await breakdowns({ ...range, limit: 100 });
    // P2 (ends at P1), the onboarding charge's SCHEDULED invoice (dated in P1), P1 (ends at THIS).
    const scheduledDay = iso(new Date(P1.getTime() + DAY));
    expect([...new Set(everything.map((w) => w.id))]).toEqual([ids.p2, ids.scheduled, ids.p1]);
    const scheduled = everything.filter((w) => w.id === ids.scheduled);
    expect(scheduled.map((w) => [w.type, w.status, w.breakdown_start_timestamp, w.total, w.line_items.map((l) => l.name)])).toEqual([["SCHEDULED", "FINALIZED", scheduledDay, 5000, ["Onboarding"]]]);

    const firstPage = await c().v1.customers.invoices.listBreakdowns({ customer_id: ids.customer, ...range, limit: 7 });
    expect(firstPage.data).toHaveLength(7);
    expect(firstPage.next_page).toEqual(expect.any(String));
    const paged = await breakdowns({ ...range, limit: 7 });
    expect(paged.map((w) => [w.id, w.breakdown_start_timestamp, w.total])).toEqual(everything.map((w) => [w.id, w.breakdown_start_timestamp, w.total]));
    const desc = await breakdowns({ ...range, sort: "date_desc", limit: 9 });
    expect(desc.map((w) => [w.id, w.breakdown_start_timestamp])).toEqual(everything.map((w) => [w.id, w.breakdown_start_timestamp]).reverse());
    // Only windows wholly inside the range: a range starting mid-day leaves that day out.
    const fromNoon = await breakdowns({ starting_on: at(P2, 12), ending_before: iso(P1), status: "FINALIZED" });
    expect(fromNoon[0]!.breakdown_start_timestamp).toBe(at(P2, 24));
    expect(await breakdowns({ ...range, credit_type_id: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
  });

  it("answers the path itself (no longer taken for an invoice id) and refuses what it cannot honour, by name", async () => {
    const get = async (query: string) => {
      const response = await server.fetch(`/v1/customers/${ids.customer}/invoices/breakdowns${query}`);
      return { status: response.status, body: (await response.json()) as { message: string; fields?: Record<string, string> } };
    };
    const range = `starting_on=${iso(P2)}&ending_before=${iso(P1)}`;
    expect(await get(`?${range}&colour=blue`)).toEqual({ status: 400, body: { message: "Invalid request: `colour` is not a field of this request", fields: { colour: "is not a field of this request" } } });
    expect((await get("")).body.fields).toEqual({ starting_on: expect.any(String), ending_before: expect.any(String) });
    expect((await get(`?${range}&status=VOID`)).body).toMatchObject({ fields: { status: expect.stringMatching(/DRAFT or FINALIZED/) } });
    expect((await get(`?${range}&window_size=WEEK`)).body).toMatchObject({ fields: { window_size: "Choose HOUR or DAY" } });
    expect((await get(`?starting_on=${iso(P1)}&ending_before=${iso(P2)}`)).body).toMatchObject({ fields: { ending_before: "Must be after starting_on" } });
    expect((await get(`?starting_on=${iso(P2)}&ending_before=${at(P2, 24 * 200)}&window_size=HOUR`)).body).toMatchObject({ fields: { ending_before: expect.stringMatching(/At most 2400 windows/) } });
    expect((await get(`?${range}&next_page=bogus`)).status).toBe(400);
    expect((await server.fetch(`/v1/customers/00000000-0000-4000-8000-000000000000/invoices/breakdowns?${range}`)).status).toBe(404);
    expect((await server.fetch(`/v1/customers/${ids.customer}/invoices/breakdowns?${range}`, { method: "POST" })).status).toBe(405);
  });

  it("downloads an invoice as a PDF that says its total, finalized or draft", async () => {
    for (const [id, total] of [[ids.p2, "$14.08"], [ids.p1, "$22.06"]] as const) {
      const response = await c().v1.customers.invoices.retrievePdf({ customer_id: ids.customer, invoice_id: id });
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf"$/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      const text = (await pdfText(bytes)).flat();
      expect(text).toEqual(expect.arrayContaining(["Nimbus AI, Inc.", "Northwind Traders", "Enterprise", id, "Total due", total, "API calls", "Tokens"]));
    }
    const missing = await server.fetch(`/v1/customers/${ids.customer}/invoices/00000000-0000-4000-8000-000000000000/pdf`);
    expect([missing.status, await missing.json()]).toEqual([404, { message: "No invoice has that id for this customer." }]);
    expect((await server.fetch(`/v1/customers/${ids.customer}/invoices/${ids.p2}/pdf?skip_zero_qty_line_items=true`)).status).toBe(400);
  });

  it("refuses to break down a finalized invoice that late events no longer add up to, naming it", async () => {
    await c().v1.usage.ingest({ usage: [{ transaction_id: "late-1", customer_id: "northwind", event_type: "api_call", timestamp: at(P2, 5) }] });
    const refused = await c()
      .v1.customers.invoices.listBreakdowns({ customer_id: ids.customer, starting_on: iso(P2), ending_before: iso(P1), status: "FINALIZED" })
      .then(() => null, (e: { status: number; error: { message: string } }) => e);
    expect(refused).toMatchObject({ status: 409, error: { message: expect.stringContaining(`Invoice ${ids.p2} no longer prices as it was finalized`) } });
    // The draft's windows follow the late usage of its own period as they always do.
    expect((await breakdowns({ starting_on: iso(P1), ending_before: iso(THIS), status: "DRAFT" })).length).toBe(daysIn(P1, THIS));
  });
});
