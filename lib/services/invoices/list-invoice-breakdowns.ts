import { breakdownWindows, type BreakdownWindowSize } from "@/lib/billing/breakdowns";
import { diffInvoices } from "@/lib/billing/diff";
import type { LedgerEntry, Window } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { toLedgerEntry } from "@/lib/services/contracts/contract-record";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { decodeCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { loadContractForBilling, priceInvoiceBreakdowns, type BillableContract } from "./draft-invoice";
import { breakdownRecord, draftRecord, engineInvoice, INVOICE_SELECT, storedRecords, withoutZeroQuantityLines, type InvoiceBreakdownRecord, type InvoiceRecord } from "./invoice-record";
import type { OpenDraft } from "./open-draft";
import { computeOpenDrafts } from "./open-drafts";
import { ZListInvoiceBreakdowns, type TListInvoiceBreakdowns } from "./schemas";

// GET /v1/customers/{id}/invoices/breakdowns: the customer's draft and finalized invoices, each
// priced over the hours or days of its period (lib/billing/breakdowns.ts), so the windows of an
// invoice add up to it to the cent. Windows are the cells of the UTC hour or day grid, clipped to
// the invoice's period; those that lie within [starting_on, ending_before) are listed, invoice by
// invoice in the invoice list's order (the end of the period billed, then id), and within one
// invoice by time. Only the invoices on a page are priced, each once for all its windows there.
//
// A finalized invoice is priced again from the usage and balances it was finalized from: the
// ledger as it stood for it (below). Should that no longer give the invoice — events for its
// period arrived after it was finalized, or its prices were edited since — its windows could not
// sum to it, so it is refused naming it: regenerating it bills what changed.

/** As many windows as POST /v1/usage may ask for in one request. */
const MAX_WINDOWS = 2400;
const CELL_MS: Record<BreakdownWindowSize, number> = { HOUR: 3_600_000, DAY: 86_400_000 };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Candidate = {
  id: string;
  start: Date;
  end: Date;
  /** A live draft (priced already), or a stored invoice (read when on the page). */
  draft?: OpenDraft;
  windows: Window[];
};

type Entry = { invoice: Candidate; window: Window };

/** An entry's place in the list: its invoice's end, the invoice id, the window's start. */
type Position = { end: number; id: string; window: number };

const positionOf = ({ invoice, window }: Entry): Position => ({ end: invoice.end.getTime(), id: invoice.id, window: window.startingAt.getTime() });

function compare(a: Position, b: Position): number {
  return a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.window - b.window;
}

function decodePosition(cursor: string | undefined): Position | undefined {
  const value = decodeCursor(cursor, ["k", "id", "w"] as const, ["id"]);
  if (!value) return undefined;
  if (!ISO_INSTANT.test(value.k) || !ISO_INSTANT.test(value.w)) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  return { end: Date.parse(value.k), id: value.id, window: Date.parse(value.w) };
}

export async function listInvoiceBreakdowns(ctx: ServiceContext, params: TListInvoiceBreakdowns, now = new Date()) {
  await readCustomer(ctx.db, params.customer_id);
  const q = parseInput(ZListInvoiceBreakdowns, params);
  const from = q.starting_on.getTime();
  const to = q.ending_before.getTime();
  if (to <= from) throw new AppError("bad_request", "Invalid request: ending_before: Must be after starting_on", { ending_before: "Must be after starting_on" });
  const unit = CELL_MS[q.window_size];
  if (Math.ceil(to / unit) - Math.floor(from / unit) > MAX_WINDOWS) {
    const most = q.window_size === "HOUR" ? "100 days of hours" : "2,400 days";
    throw new AppError("bad_request", `Invalid request: ending_before: At most ${MAX_WINDOWS} windows (${most}) in one request`, { ending_before: `At most ${MAX_WINDOWS} windows in one request` });
  }
  const after = decodePosition(q.next_page);
  const sign = q.sort === "date_desc" ? -1 : 1;
  const statuses = q.status ? [q.status] : ["DRAFT", "FINALIZED"];

  // Any invoice that could hold a window of the range; an invoice of a date lies in the cell holding it.
  const near = { startTimestamp: { lt: q.ending_before }, endTimestamp: { gt: new Date(from - unit) } };
  const stored = statuses.includes("FINALIZED")
    ? await ctx.db.invoice.findMany({
        where: { customerId: q.customer_id, status: "FINALIZED", ...(q.credit_type_id ? { creditTypeId: q.credit_type_id } : {}), ...near },
        select: { id: true, startTimestamp: true, endTimestamp: true },
      })
    : [];
  const drafts = statuses.includes("DRAFT")
    ? (await computeOpenDrafts(ctx.db, q.customer_id, now, { scheduled: "current period" })).filter(
        (d) => (!q.credit_type_id || d.invoice.creditType.id === q.credit_type_id) && d.invoice.startingAt.getTime() < to && d.invoice.endingBefore.getTime() > from - unit,
      )
    : [];
  const inRange = (w: Window) => w.startingAt.getTime() >= from && w.endingBefore.getTime() <= to;
  const candidates: Candidate[] = [
    ...stored.map((row) => ({ id: row.id, start: row.startTimestamp, end: row.endTimestamp })),
    ...drafts.map((draft) => ({ id: draft.id, start: draft.invoice.startingAt, end: draft.invoice.endingBefore, draft })),
  ].map((c) => ({ ...c, windows: breakdownWindows({ startingAt: c.start, endingBefore: c.end }, q.window_size).filter(inRange) }));

  const entries = candidates
    .flatMap((invoice) => invoice.windows.map((window): Entry => ({ invoice, window })))
    .filter((entry) => !after || compare(positionOf(entry), after) * sign > 0)
    .sort((a, b) => compare(positionOf(a), positionOf(b)) * sign)
    .slice(0, q.limit + 1);
  const page = toPage(entries, q.limit, (entry) => {
    const p = positionOf(entry);
    return { k: new Date(p.end).toISOString(), id: p.id, w: new Date(p.window).toISOString() };
  });

  // Each invoice on the page is priced once, for all its windows there.
  const windowsOf = new Map<Candidate, Window[]>();
  for (const { invoice, window } of page.data) windowsOf.set(invoice, [...(windowsOf.get(invoice) ?? []), window]);
  const priced = new Map<Candidate, Map<number, InvoiceBreakdownRecord>>();
  for (const [invoice, windows] of windowsOf) {
    const inOrder = [...windows].sort((a, b) => a.startingAt.getTime() - b.startingAt.getTime());
    const records = invoice.draft ? await draftBreakdowns(ctx.db, invoice.draft, inOrder) : await storedBreakdowns(ctx.db, invoice.id, inOrder, now);
    priced.set(invoice, new Map(records.map((r) => [r.breakdownStart.getTime(), q.skip_zero_qty_line_items ? withoutZeroQuantityLines(r) : r])));
  }
  return { data: page.data.map(({ invoice, window }) => priced.get(invoice)!.get(window.startingAt.getTime())!), next_page: page.next_page };
}

type Db = Prisma.TransactionClient;

/** An invoice of a date (a SCHEDULED one) is whole in its one window. */
function wholeInWindow(record: InvoiceRecord, window: Window): InvoiceBreakdownRecord {
  return { ...record, breakdownStart: window.startingAt, breakdownEnd: window.endingBefore };
}

async function draftBreakdowns(db: Db, draft: OpenDraft, windows: Window[]): Promise<InvoiceBreakdownRecord[]> {
  const record = draftRecord(draft);
  if (draft.type === "SCHEDULED") return windows.map((w) => wholeInWindow(record, w));
  const { breakdowns } = await priceInvoiceBreakdowns(db, draft.customerId, draft.billing, { startingAt: draft.invoice.startingAt, endingBefore: draft.invoice.endingBefore }, windows, draft.pending);
  return breakdowns.map((b) => breakdownRecord(record, b, draft.pricing.products));
}

async function storedBreakdowns(db: Db, invoiceId: string, windows: Window[], now: Date): Promise<InvoiceBreakdownRecord[]> {
  const row = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { ...INVOICE_SELECT, createdAt: true } });
  if (row.lineItems.some((l) => (l.detail as { historical?: boolean } | null)?.historical)) {
    throw new AppError("conflict", `Invoice ${invoiceId} was created by createHistoricalInvoices from quantities billed elsewhere, not from events, so it has no breakdown by window.`);
  }
  const [record] = await storedRecords(db, [row], now);
  // Only a usage invoice has a period to price; a SCHEDULED or THRESHOLD one lies whole in the window of its date.
  if (record!.type !== "USAGE" || !record!.contractId) return windows.map((w) => wholeInWindow(record!, w));
  const loaded = await loadContractForBilling(db, record!.customerId, record!.contractId, now);
  const billing: BillableContract = { ...loaded, ledger: await ledgerAsPriced(db, loaded, { ...record!, createdAt: row.createdAt }) };
  const period = { startingAt: record!.startTimestamp, endingBefore: record!.endTimestamp };
  const { invoice, breakdowns } = await priceInvoiceBreakdowns(db, record!.customerId, billing, period, windows);
  const diff = diffInvoices(engineInvoice(record!), invoice);
  if (diff.lines.length > 0 || !diff.totalDelta.isZero()) {
    throw new AppError(
      "conflict",
      `Invoice ${invoiceId} no longer prices as it was finalized (usage, prices or balances of its period changed since), so its windows would not add up to it; regenerating it (POST /v1/invoices/regenerate) bills what changed.`,
    );
  }
  return breakdowns.map((b) => breakdownRecord(record!, b, billing.pricing.products));
}

/**
 * The ledger a stored invoice was priced with: what the invoices priced before it drew (earlier
 * periods, and the same period of contracts priced first: open-drafts.ts's order), and every
 * other entry written before it (manual entries, rollovers; for a regenerated invoice, what the
 * invoices after its period drew by then). Its own draws are left out: they are its result.
 */
async function ledgerAsPriced(db: Db, { contract }: BillableContract, invoice: InvoiceRecord & { createdAt: Date }): Promise<LedgerEntry[]> {
  const balanceIds = [...(contract.commits ?? []), ...(contract.credits ?? [])].map((b) => b.id);
  if (balanceIds.length === 0) return [];
  const rows = await db.ledgerEntry.findMany({
    where: { commitId: { in: balanceIds }, OR: [{ invoiceId: null }, { invoiceId: { not: invoice.id } }] },
    orderBy: [{ timestamp: "asc" }, { createdAt: "asc" }],
    select: { commitId: true, segmentId: true, type: true, amount: true, timestamp: true, invoiceId: true, reason: true, createdAt: true },
  });
  const drawnBy = new Map(
    (await db.invoice.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.invoiceId ? [r.invoiceId] : [])))] } }, select: { id: true, startTimestamp: true, contractId: true } })).map((i) => [i.id, i]),
  );
  const pricedBefore = (other: { startTimestamp: Date; contractId: string | null } | undefined) =>
    other !== undefined &&
    (other.startTimestamp < invoice.startTimestamp || (other.startTimestamp.getTime() === invoice.startTimestamp.getTime() && (other.contractId ?? "") < (invoice.contractId ?? "")));
  return rows.filter((r) => r.createdAt < invoice.createdAt || pricedBefore(r.invoiceId ? drawnBy.get(r.invoiceId) : undefined)).map(toLedgerEntry);
}
