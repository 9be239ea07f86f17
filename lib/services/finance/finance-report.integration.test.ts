import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { bootstrap } from "@/lib/services/bootstrap";
import type { ServiceContext } from "@/lib/services/context";
import { closePeriods } from "@/lib/services/invoices/close-periods";
import { CLOSE_AT, CLOSED_INVOICES, closeScenario } from "@/lib/test-support/close-scenario";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { balanceLedgerCsv, invoiceLinesCsv } from "./finance-csv";
import { financeReport, type BalanceMovement, type FinanceReport } from "./finance-report";
import { refusal } from "@/lib/test-support/refusal";

// The finance report over a closed history (lib/test-support/close-scenario.ts: five customers,
// nine monthly periods, a credit that runs out, a commit bought on Sep 1): every month reconciles
// to the invoices to the cent, balances carry from one month's closing to the next's opening, and
// a ledger that disagrees with its invoice is reported by invoice.

const MONTHS = ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"];
const windowOf = (i: number) => ({ from: `${MONTHS[i]}-01`, to: `${MONTHS[i + 1]}-01` });
const brief = (b: BalanceMovement) =>
  [b.balanceName, ...[b.opening, b.granted, b.billed, b.drawnDown, b.trueUps, b.manual, b.rolledOver, b.expired, b.closing].map((d) => d.toFixed())];

describeEachDatabase("finance report", (kind) => {
  let db: Database;
  let ctx: ServiceContext;
  const reports: FinanceReport[] = [];

  beforeAll(async () => {
    db = await freshDatabase(kind);
    await bootstrap(db.prisma, {});
    await closeScenario(db.prisma);
    expect(await closePeriods(db.prisma, CLOSE_AT, 24)).toEqual({ finalized: CLOSED_INVOICES, failures: [] });
    ctx = { db: db.prisma, actor: { type: "user", id: "f", name: "Fran Finance", role: "finance" } };
    for (let i = 0; i < MONTHS.length - 1; i++) reports.push(await financeReport(ctx, windowOf(i)));
  }, 120_000);
  afterAll(() => db.close());

  it("reconciles every month to its invoices to the cent", () => {
    for (const report of reports) {
      expect(report.mismatches).toEqual([]);
      expect(report.reconciled).toBe(true);
      const [usd] = report.totals;
      expect(report.totals).toHaveLength(1);
      expect(usd!.lineTotal.toFixed()).toBe(usd!.invoiceTotal.toFixed());
      expect(usd!.appliedLines.toFixed()).toBe(usd!.ledgerDeductions.toFixed());
    }
    expect(reports.reduce((n, r) => n + r.totals[0]!.invoices, 0)).toBe(CLOSED_INVOICES);
  });

  it("carries each balance from one month's closing to the next month's opening", () => {
    for (let i = 1; i < reports.length; i++) {
      const opening = new Map(reports[i]!.balances.map((b) => [b.balanceId, b.opening.toFixed()]));
      for (const b of reports[i - 1]!.balances) if (opening.has(b.balanceId)) expect(opening.get(b.balanceId)).toBe(b.closing.toFixed());
    }
  });

  it("shows a customer's credit and commit month by month, as worked out by hand", async () => {
    // Customer 0: 20 + 11m calls at 10¢ in month m; a 5,000¢ credit (priority 1) from June, a
    // 3,000¢ prepaid commit (priority 2) bought and granted on Sep 1.
    const customer0 = (i: number) => reports[i]!.balances.filter((b) => b.customerName === "Customer 0").map(brief);
    //               name      opening granted billed drawn  true-ups manual rolled expired closing
    expect(customer0(0)).toEqual([["Credit", "0", "5000", "0", "-200", "0", "0", "0", "0", "4800"]]);
    expect(customer0(3)).toEqual([
      ["Credit", "4070", "0", "0", "-530", "0", "0", "0", "0", "3540"],
      ["Commit", "0", "3000", "3000", "0", "0", "0", "0", "0", "3000"],
    ]);
    // February: 1,080¢ of calls; the credit's last 320¢, then 760¢ of the commit.
    expect(customer0(8)).toEqual([
      ["Credit", "320", "0", "0", "-320", "0", "0", "0", "0", "0"],
      ["Commit", "3000", "0", "0", "-760", "0", "0", "0", "0", "2240"],
    ]);
    // Both end on Jun 1, 2026 (usable until then): June's report has what was left of them expire
    // (the commit's 2,240¢; March is not closed).
    const june = await financeReport(ctx, { from: "2026-06-01", to: "2026-07-01" });
    expect(june.balances.filter((b) => b.customerName === "Customer 0").map(brief)).toEqual([
      ["Credit", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["Commit", "2240", "0", "0", "0", "0", "0", "0", "-2240", "0"],
    ]);
    expect(june.reconciled).toBe(true);
    const september = reports[3]!;
    expect(september.totals[0]!.commitPurchases.toFixed()).toBe("15000");
    expect(september.lines.filter((l) => l.invoiceType === "SCHEDULED").map((l) => [l.customerName, l.type, l.amount.toFixed()])).toEqual(
      [0, 1, 2, 3, 4].map((k) => [`Customer ${k}`, "COMMIT_PURCHASE", "3000"]),
    );
  });

  it("writes the lines and the ledger as CSV, exact, in dollars", () => {
    const february = reports[8]!;
    const lines = invoiceLinesCsv(february).trimEnd().split("\r\n");
    expect(lines).toHaveLength(february.lines.length + 1);
    expect(lines[0]).toBe("invoice_id,invoice_type,customer_id,customer,contract_id,period_start,period_end,line,line_type,name,product_id,commit_id,quantity,unit_price,amount,unit");
    const ledger = balanceLedgerCsv(february).trimEnd().split("\r\n");
    expect(ledger).toHaveLength(february.balances.length + 1);
    expect(ledger.find((row) => row.includes("Customer 0") && row.includes(",Commit,"))).toMatch(/,USD \(\$\),30,0,0,-7\.6,0,0,0,0,22\.4$/);
  });

  it("reports a ledger that disagrees with its invoice, by invoice", async () => {
    const entry = await db.prisma.ledgerEntry.findFirstOrThrow({ where: { type: "INVOICE_DEDUCTION", timestamp: { gte: new Date("2026-02-01T00:00:00Z") } } });
    await db.prisma.ledgerEntry.update({ where: { id: entry.id }, data: { amount: entry.amount.minus(1) } });
    const report = await financeReport(ctx, windowOf(8));
    expect(report.reconciled).toBe(false);
    expect(report.mismatches).toEqual([expect.objectContaining({ invoiceId: entry.invoiceId, balanceId: entry.segmentId, check: "applied balance lines = ledger deductions" })]);
    await db.prisma.ledgerEntry.update({ where: { id: entry.id }, data: { amount: entry.amount } });
  });

  it("needs the finance role and a window of whole days", async () => {
    const viewer: ServiceContext = { db: db.prisma, actor: { type: "user", id: "v", name: "Vera", role: "viewer" } };
    expect((await refusal(financeReport(viewer, windowOf(0)))).status).toBe(403);
    expect((await refusal(financeReport(ctx, { from: "2025-06-01", to: "2025-06-01" }))).fields).toHaveProperty(["to"]);
    expect((await refusal(financeReport(ctx, { from: "June", to: "2025-07-01" }))).fields).toHaveProperty(["from"]);
    expect((await refusal(financeReport(ctx, {} as never))).status).toBe(400);
  });
});
