import { carriedInto } from "@/lib/billing/balances";
import { type Decimal, ZERO } from "@/lib/billing/decimal";
import { fromDb } from "@/lib/db/decimal";
import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { readCreditTypes } from "@/lib/services/rate-cards/rate-card-record";
import { ZFinanceWindow, type TFinanceWindow } from "./schemas";

// Finance's record of a reporting window (usually a month): the lines of every FINALIZED invoice
// whose period starts in it (a SCHEDULED invoice's period is its date), and a balance ledger
// report — per commit or credit: opening balance, granted, drawn down, trued up, manual entries,
// rolled over, expired, closing balance — that reconciles to those invoices to the cent.
//
// Two independent records must agree: the invoices' lines (what the customer was billed) and the
// balance ledger (what moved the balances). The reconciliation matches them invoice by invoice:
// each invoice's applied-balance lines against its INVOICE_DEDUCTION entries (prepaid commits and
// credits; a postpaid commit's draws only count towards its minimum), its true-up lines against
// its TRUEUP entries; and each balance's movements must add up: opening + granted + drawn down +
// true-ups + manual + rolled over + expired = closing.
//
// Balances are as the ledger holds them — finalized invoices and manual entries, never drafts. A
// segment counts at instant t when starting_at < t ≤ ending_before: it is granted in the window
// that holds its start and expires (what is left of it) in the window that holds its end.

export type FinanceLine = {
  invoiceId: string;
  invoiceType: "USAGE" | "SCHEDULED" | "THRESHOLD";
  customerId: string;
  customerName: string;
  contractId: string | null;
  periodStart: Date;
  periodEnd: Date;
  position: number;
  type: string;
  name: string;
  productId: string | null;
  commitId: string | null;
  quantity: Decimal | null;
  unitPrice: Decimal | null;
  amount: Decimal;
  creditType: { id: string; name: string };
};

export type BalanceMovement = {
  customerId: string;
  customerName: string;
  balanceId: string;
  balanceName: string;
  /** PREPAID or POSTPAID commit, or CREDIT. */
  kind: "PREPAID" | "POSTPAID" | "CREDIT";
  contractId: string | null;
  creditType: { id: string; name: string };
  opening: Decimal;
  granted: Decimal;
  /** Commit purchases billed on the window's invoices (what the customer paid for the commit). */
  billed: Decimal;
  drawnDown: Decimal;
  trueUps: Decimal;
  manual: Decimal;
  rolledOver: Decimal;
  expired: Decimal;
  closing: Decimal;
};

export type Mismatch = { invoiceId?: string; balanceId?: string; check: string; expected: Decimal; actual: Decimal };

export type CreditTypeTotals = {
  creditType: { id: string; name: string };
  invoices: number;
  invoiceTotal: Decimal;
  lineTotal: Decimal;
  appliedLines: Decimal;
  ledgerDeductions: Decimal;
  trueUpLines: Decimal;
  ledgerTrueUps: Decimal;
  commitPurchases: Decimal;
};

export type FinanceReport = {
  from: Date;
  to: Date;
  lines: FinanceLine[];
  balances: BalanceMovement[];
  totals: CreditTypeTotals[];
  mismatches: Mismatch[];
  reconciled: boolean;
};

const add = (map: Map<string, Decimal>, key: string, amount: Decimal) => map.set(key, (map.get(key) ?? ZERO).plus(amount));

export async function financeReport(ctx: ServiceContext, input: TFinanceWindow): Promise<FinanceReport> {
  authorize(ctx.actor, "invoices:write");
  const { from, to } = parseInput(ZFinanceWindow, input);
  const db = ctx.db;

  const invoices = await db.invoice.findMany({
    where: { status: "FINALIZED", startTimestamp: { gte: from, lt: to } },
    orderBy: [{ startTimestamp: "asc" }, { id: "asc" }],
    select: {
      id: true,
      type: true,
      customerId: true,
      contractId: true,
      creditTypeId: true,
      startTimestamp: true,
      endTimestamp: true,
      total: true,
      customer: { select: { name: true } },
      lineItems: { orderBy: { position: "asc" } },
    },
  });
  // Finance reads a month by period, then customer.
  invoices.sort((a, b) => a.startTimestamp.getTime() - b.startTimestamp.getTime() || a.customer.name.localeCompare(b.customer.name) || (a.id < b.id ? -1 : 1));
  const invoiceIds = invoices.map((i) => i.id);
  const invoiceEntries = await db.ledgerEntry.findMany({ where: { invoiceId: { in: invoiceIds } }, select: { invoiceId: true, segmentId: true, type: true, amount: true } });

  // Every balance the window touches: granted, drawn, expiring, or holding something across it.
  const commits = await db.commit.findMany({
    where: { segments: { some: { startingAt: { lt: to }, endingBefore: { gte: from } } } },
    orderBy: [{ customerId: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      customerId: true,
      contractId: true,
      kind: true,
      type: true,
      name: true,
      creditTypeId: true,
      customer: { select: { name: true } },
      segments: { select: { id: true, amount: true, startingAt: true, endingBefore: true } },
      ledger: { where: { timestamp: { lt: to } }, select: { segmentId: true, type: true, amount: true, timestamp: true } },
    },
  });
  const creditTypes = await readCreditTypes(db, [...invoices.flatMap((i) => [i.creditTypeId, ...i.lineItems.map((l) => l.creditTypeId)]), ...commits.map((c) => c.creditTypeId)]);
  const unit = (id: string) => {
    const type = creditTypes.get(id)!;
    return { id: type.id, name: type.name };
  };

  const lines: FinanceLine[] = invoices.flatMap((invoice) =>
    invoice.lineItems.map((line) => ({
      invoiceId: invoice.id,
      invoiceType: invoice.type,
      customerId: invoice.customerId,
      customerName: invoice.customer.name,
      contractId: invoice.contractId,
      periodStart: invoice.startTimestamp,
      periodEnd: invoice.endTimestamp,
      position: line.position,
      type: line.type,
      name: line.name,
      productId: line.productId,
      commitId: line.commitId,
      quantity: line.quantity === null ? null : fromDb(line.quantity),
      unitPrice: line.unitPrice === null ? null : fromDb(line.unitPrice),
      amount: fromDb(line.total),
      creditType: unit(line.creditTypeId),
    })),
  );

  const mismatches: Mismatch[] = [];
  const totals = new Map<string, CreditTypeTotals>();
  const totalsOf = (creditTypeId: string) => {
    let t = totals.get(creditTypeId);
    if (!t) {
      t = { creditType: unit(creditTypeId), invoices: 0, invoiceTotal: ZERO, lineTotal: ZERO, appliedLines: ZERO, ledgerDeductions: ZERO, trueUpLines: ZERO, ledgerTrueUps: ZERO, commitPurchases: ZERO };
      totals.set(creditTypeId, t);
    }
    return t;
  };
  const postpaidSegments = new Set(commits.filter((c) => c.type === "POSTPAID").flatMap((c) => c.segments.map((s) => s.id)));
  const segmentCreditType = new Map(commits.flatMap((c) => c.segments.map((s) => [s.id, c.creditTypeId] as const)));
  const entriesByInvoice = new Map<string, typeof invoiceEntries>();
  for (const entry of invoiceEntries) entriesByInvoice.set(entry.invoiceId!, [...(entriesByInvoice.get(entry.invoiceId!) ?? []), entry]);
  const billedByCommit = new Map<string, Decimal>();

  for (const invoice of invoices) {
    const own = totalsOf(invoice.creditTypeId);
    own.invoices += 1;
    own.invoiceTotal = own.invoiceTotal.plus(fromDb(invoice.total));
    // Invoice by invoice: its lines against the ledger entries it wrote, per segment.
    const applied = new Map<string, Decimal>();
    const trueUps = new Map<string, Decimal>();
    const lineSum = new Map<string, Decimal>();
    for (const line of invoice.lineItems) {
      const amount = fromDb(line.total);
      add(lineSum, line.creditTypeId, amount);
      const t = totalsOf(line.creditTypeId);
      const segmentId = (line.detail as { segment_id?: string } | null)?.segment_id ?? line.commitId ?? "";
      if (line.type === "APPLIED_COMMIT_OR_CREDIT") {
        t.appliedLines = t.appliedLines.plus(amount);
        add(applied, segmentId, amount);
      } else if (line.type === "POSTPAID_TRUEUP") {
        t.trueUpLines = t.trueUpLines.plus(amount);
        add(trueUps, segmentId, amount);
      } else if (line.type === "COMMIT_PURCHASE" && line.commitId) {
        t.commitPurchases = t.commitPurchases.plus(amount);
        add(billedByCommit, line.commitId, amount);
      }
    }
    for (const [creditTypeId, sum] of lineSum) totalsOf(creditTypeId).lineTotal = totalsOf(creditTypeId).lineTotal.plus(sum);
    const invoiceLines = lineSum.get(invoice.creditTypeId) ?? ZERO;
    if (!invoiceLines.eq(fromDb(invoice.total))) mismatches.push({ invoiceId: invoice.id, check: "invoice total = sum of its lines", expected: fromDb(invoice.total), actual: invoiceLines });

    const deducted = new Map<string, Decimal>();
    const trued = new Map<string, Decimal>();
    for (const entry of entriesByInvoice.get(invoice.id) ?? []) {
      const amount = fromDb(entry.amount);
      if (entry.type === "INVOICE_DEDUCTION" && !postpaidSegments.has(entry.segmentId)) add(deducted, entry.segmentId, amount);
      if (entry.type === "TRUEUP") add(trued, entry.segmentId, amount);
    }
    for (const segmentId of new Set([...applied.keys(), ...deducted.keys()])) {
      const line = applied.get(segmentId) ?? ZERO;
      const ledger = deducted.get(segmentId) ?? ZERO;
      if (!line.eq(ledger)) mismatches.push({ invoiceId: invoice.id, balanceId: segmentId, check: "applied balance lines = ledger deductions", expected: line, actual: ledger });
    }
    for (const segmentId of new Set([...trueUps.keys(), ...trued.keys()])) {
      // A true-up line bills what the ledger takes off the commit: the same amount, opposite signs.
      const line = trueUps.get(segmentId) ?? ZERO;
      const ledger = (trued.get(segmentId) ?? ZERO).negated();
      if (!line.eq(ledger)) mismatches.push({ invoiceId: invoice.id, balanceId: segmentId, check: "true-up lines = ledger true-ups", expected: line, actual: ledger });
    }
  }
  for (const entry of invoiceEntries) {
    const creditTypeId = segmentCreditType.get(entry.segmentId);
    if (!creditTypeId) continue;
    const t = totalsOf(creditTypeId);
    const amount = fromDb(entry.amount);
    if (entry.type === "INVOICE_DEDUCTION" && !postpaidSegments.has(entry.segmentId)) t.ledgerDeductions = t.ledgerDeductions.plus(amount);
    if (entry.type === "TRUEUP") t.ledgerTrueUps = t.ledgerTrueUps.plus(amount.negated());
  }

  const balances = commits.map((commit): BalanceMovement => {
    const m = { opening: ZERO, granted: ZERO, drawnDown: ZERO, trueUps: ZERO, manual: ZERO, rolledOver: ZERO, expired: ZERO, closing: ZERO };
    for (const segment of commit.segments) {
      const amount = fromDb(segment.amount);
      const entries = commit.ledger.filter((e) => e.segmentId === segment.id);
      const ledger = entries.map((e) => ({ timestamp: e.timestamp, amount: fromDb(e.amount) }));
      const item = { startingAt: segment.startingAt, endingBefore: segment.endingBefore, amount };
      m.opening = m.opening.plus(carriedInto(item, ledger, from));
      m.closing = m.closing.plus(carriedInto(item, ledger, to));
      const before = (t: Date) => ledger.filter((e) => e.timestamp < t).reduce((sum, e) => sum.plus(e.amount), ZERO);
      if (segment.startingAt >= from && segment.startingAt < to) m.granted = m.granted.plus(amount);
      // What is left when it ends expires (everything the ledger holds for it is dated before its end).
      if (segment.endingBefore >= from && segment.endingBefore < to) m.expired = m.expired.minus(amount.plus(before(to)));
      for (const entry of entries) {
        if (entry.timestamp < from) continue;
        const value = fromDb(entry.amount);
        if (entry.type === "INVOICE_DEDUCTION") m.drawnDown = m.drawnDown.plus(value);
        else if (entry.type === "TRUEUP") m.trueUps = m.trueUps.plus(value);
        else if (entry.type === "MANUAL") m.manual = m.manual.plus(value);
        else m.rolledOver = m.rolledOver.plus(value);
      }
    }
    const movement: BalanceMovement = {
      customerId: commit.customerId,
      customerName: commit.customer.name,
      balanceId: commit.id,
      balanceName: commit.name ?? (commit.kind === "CREDIT" ? "Credit" : "Commit"),
      kind: commit.kind === "CREDIT" ? "CREDIT" : (commit.type ?? "PREPAID"),
      contractId: commit.contractId,
      creditType: unit(commit.creditTypeId),
      ...m,
      billed: billedByCommit.get(commit.id) ?? ZERO,
    };
    const sum = m.opening.plus(m.granted).plus(m.drawnDown).plus(m.trueUps).plus(m.manual).plus(m.rolledOver).plus(m.expired);
    if (!sum.eq(m.closing)) mismatches.push({ balanceId: commit.id, check: "opening + movements = closing", expected: m.closing, actual: sum });
    return movement;
  });

  return { from, to, lines, balances, totals: [...totals.values()], mismatches, reconciled: mismatches.length === 0 };
}
