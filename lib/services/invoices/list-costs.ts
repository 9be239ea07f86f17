import { windowCosts, type CostLine, type WindowCost } from "@/lib/billing/costs";
import type { Window } from "@/lib/billing/types";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { decodeCursor, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import type { InvoiceBreakdownRecord } from "./invoice-record";
import { listInvoiceBreakdowns } from "./list-invoice-breakdowns";
import { ZListCosts, type TListCosts } from "./schemas";

// GET /v1/customers/{id}/costs (Metronome's deprecated Plans-era costs, on contracts here): for
// each UTC day of [starting_on, ending_before), what the customer's draft and finalized invoices
// bill in it, per credit type with each line — the invoices' daily breakdowns
// (list-invoice-breakdowns.ts) summed, so a day's costs are exactly what its windows bill and the
// days of an invoice add up to it. Every day of the range is listed, with no credit types when
// nothing was billed (lines of no quantity are left out); a page is `limit` days, its cursor the
// last day's start.

const DAY_MS = 86_400_000;
/** As the breakdowns: 2,400 windows at most. */
const MAX_DAYS = 2400;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/;

export async function listCosts(ctx: ServiceContext, params: TListCosts, now = new Date()): Promise<{ data: WindowCost[]; next_page: string | null }> {
  await readCustomer(ctx.db, params.customer_id);
  const q = parseInput(ZListCosts, params);
  const from = q.starting_on.getTime();
  const to = q.ending_before.getTime();
  if (to <= from) throw new AppError("bad_request", "Invalid request: ending_before: Must be after starting_on", { ending_before: "Must be after starting_on" });
  if ((to - from) / DAY_MS > MAX_DAYS) throw new AppError("bad_request", `Invalid request: ending_before: At most ${MAX_DAYS} days in one request`, { ending_before: `At most ${MAX_DAYS} days` });
  const cursor = decodeCursor(q.next_page, ["d"] as const);
  if (cursor && (!ISO_INSTANT.test(cursor.d) || Date.parse(cursor.d) < from || Date.parse(cursor.d) >= to)) throw new AppError("bad_request", "next_page is not a cursor this API returned.");
  const first = cursor ? Date.parse(cursor.d) + DAY_MS : from;

  const days: Window[] = [];
  for (let d = first; d < to && days.length <= q.limit; d += DAY_MS) days.push({ startingAt: new Date(d), endingBefore: new Date(d + DAY_MS) });
  const page = toPage(days, q.limit, (w) => ({ d: w.startingAt.toISOString() }));
  if (page.data.length === 0) return { data: [], next_page: null };

  const byDay = new Map<number, CostLine[]>();
  const range = { starting_on: page.data[0]!.startingAt.toISOString(), ending_before: page.data.at(-1)!.endingBefore.toISOString() };
  let next: string | null | undefined;
  do {
    const windows: { data: InvoiceBreakdownRecord[]; next_page: string | null } = await listInvoiceBreakdowns(
      ctx,
      { customer_id: q.customer_id, ...range, window_size: "DAY", skip_zero_qty_line_items: true, limit: 100, ...(next ? { next_page: next } : {}) },
      now,
    );
    for (const w of windows.data) {
      const day = Math.floor(w.breakdownStart.getTime() / DAY_MS) * DAY_MS;
      byDay.set(day, [...(byDay.get(day) ?? []), ...w.lines]);
    }
    next = windows.next_page;
  } while (next);
  return { data: windowCosts(page.data, (w) => byDay.get(w.startingAt.getTime()) ?? []), next_page: page.next_page };
}
