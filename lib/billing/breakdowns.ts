import { assertValidWindow, HOUR_MS } from "./calendar";
import { type Decimal, ZERO } from "./decimal";
import { keyedLines } from "./diff";
import type { ChildStatement } from "./hierarchy";
import { BillingInputError } from "./errors";
import { computeInvoice, type InvoiceInput } from "./invoice";
import { planUsage, type UsagePlan } from "./usage-plan";
import type { Invoice, LineItem, UsageRecord, Window } from "./types";

/**
 * An invoice broken down into hourly or daily windows (Metronome's invoice breakdowns), so that
 * the windows of an invoice add up to it to the cent.
 *
 * The rule, stated once: a window holds what the invoice grew by during it. The invoice is
 * priced as it stood at each window's start and end — the same period, contract and ledger,
 * with only the usage up to that instant — and each line of the window is the difference of the
 * two. Line totals are rounded in each of those invoices, so the windows telescope to the whole
 * invoice exactly, and every pricing rule (tiers by position in the period, minimums, commits
 * and credits drawn oldest first, true-ups) is the invoice's own:
 * - charges that do not depend on usage (subscriptions, a percentage's minimum, the unspent
 *   part of a postpaid commit) are in the first window, and later windows take back what usage
 *   then covers (a true-up shrinks as spend reaches the minimum);
 * - units fill tiers in time order, so an hour that crosses into a cheaper tier is cheaper;
 * - a volume tier is chosen by the whole period's quantity, so a window that moves the period
 *   into a cheaper tier can lower earlier lines: its lines, and rarely its total, can be negative.
 */

export type BreakdownWindowSize = "HOUR" | "DAY";

const CELL_MS: Record<BreakdownWindowSize, number> = { HOUR: HOUR_MS, DAY: 24 * HOUR_MS };

/**
 * The cells of the UTC hour or day grid an invoice's period covers, clipped to it; an invoice
 * of a date (startingAt = endingBefore: a SCHEDULED one) lies whole in the cell holding it.
 */
export function breakdownWindows(period: Window, size: BreakdownWindowSize): Window[] {
  const unit = CELL_MS[size];
  const start = period.startingAt.getTime();
  const end = period.endingBefore.getTime();
  const first = Math.floor(start / unit) * unit;
  if (end <= start) return [{ startingAt: new Date(first), endingBefore: new Date(first + unit) }];
  const cells: Window[] = [];
  for (let t = first; t < end; t += unit) cells.push({ startingAt: new Date(Math.max(t, start)), endingBefore: new Date(Math.min(t + unit, end)) });
  return cells;
}

/** Every instant the breakdown prices the invoice at, besides the period's own end. */
const edgesOf = (windows: readonly Window[]) => [...new Set(windows.flatMap((w) => [w.startingAt.getTime(), w.endingBefore.getTime()]))].sort((a, b) => a - b);

/**
 * The usage the breakdown needs: the invoice's own plan, plus each planned window cut short at
 * every window edge inside it (the usage up to that instant). Non-additive metrics are read per
 * cut window too, so a MAX is the maximum so far, never a sum of maxima.
 */
export function breakdownUsagePlan(plan: UsagePlan, windows: readonly Window[]): UsagePlan {
  const edges = edgesOf(windows);
  return {
    ...plan,
    products: plan.products.map((planned) => ({
      ...planned,
      windows: planned.windows.flatMap((w) => [
        w,
        ...edges.filter((t) => t > w.startingAt.getTime() && t < w.endingBefore.getTime()).map((t) => ({ ...w, endingBefore: new Date(t) })),
      ]),
    })),
  };
}

export interface BreakdownInput extends InvoiceInput {
  /** In order, not overlapping, inside the period (breakdownWindows); `usage` is what breakdownUsagePlan asked for. */
  windows: readonly Window[];
  /** A parent's children's statements as of each window edge `t` (ms), instead of `children` (hierarchy.ts). */
  childrenUpTo?: (t: number) => readonly ChildStatement[];
}

/** One window of an invoice: the lines it adds, and its subtotal and total in the invoice's credit type. */
export interface InvoiceBreakdown extends Window {
  lines: LineItem[];
  subtotal: Decimal;
  total: Decimal;
}

type Priced = Pick<Invoice, "lines" | "subtotal" | "total">;

/** The invoice before any usage at all: its windows start from nothing. */
const NOTHING: Priced = { lines: [], subtotal: ZERO, total: ZERO };

const recordKey = (productId: string, start: number, end: number) => `${productId} ${start} ${end}`;

/** The usage records up to instant `t`: whole planned windows before it, the one it cuts up to it. */
function usageUpTo(plan: UsagePlan, records: ReadonlyMap<string, UsageRecord[]>, t: number): UsageRecord[] {
  return plan.products.flatMap((planned) =>
    planned.windows.flatMap((w) => {
      const start = w.startingAt.getTime();
      return start >= t ? [] : (records.get(recordKey(planned.productId, start, Math.min(w.endingBefore.getTime(), t))) ?? []);
    }),
  );
}

function assertWindowsInPeriod(windows: readonly Window[], period: Window): void {
  let previousEnd = period.startingAt.getTime();
  for (const window of windows) {
    assertValidWindow(window, "a breakdown window");
    if (window.startingAt.getTime() < previousEnd || window.endingBefore.getTime() > period.endingBefore.getTime()) {
      throw new BillingInputError("breakdown windows must be in order, not overlapping, and inside the invoice's period");
    }
    previousEnd = window.endingBefore.getTime();
  }
}

const overlaps = (line: Window, window: Window) => line.startingAt < window.endingBefore && window.startingAt < line.endingBefore;

/** The line as the window shows it: what it added, usage dated within the window. */
function windowLine(line: LineItem, earlier: LineItem | undefined, window: Window, sign = 1): LineItem {
  const { tiers: _tiers, packages: _packages, unitPrice, ...rest } = line;
  const total = line.total.minus(earlier?.total ?? ZERO).times(sign);
  const quantity = line.quantity?.minus(earlier?.quantity ?? ZERO).times(sign);
  // A unit price both invoices agree on (a volume tier can change it) still prices the window.
  const samePrice = unitPrice !== undefined && (earlier === undefined || earlier.unitPrice?.eq(unitPrice) === true);
  const dated =
    line.type === "USAGE" && overlaps(line, window)
      ? { startingAt: line.startingAt > window.startingAt ? line.startingAt : window.startingAt, endingBefore: line.endingBefore < window.endingBefore ? line.endingBefore : window.endingBefore }
      : {};
  return { ...rest, ...dated, total, ...(quantity !== undefined ? { quantity } : {}), ...(samePrice ? { unitPrice } : {}) };
}

/**
 * What the invoice grew by from `before` to `after`. A line whose total and quantity did not move
 * is left out, except a usage line of the window (it shows the window had no usage, as a zero
 * quantity: skip_zero_qty_line_items drops it); a line that went away is taken back.
 */
function windowBreakdown(before: Priced, after: Priced, window: Window): InvoiceBreakdown {
  const earlier = keyedLines(before.lines);
  const lines: LineItem[] = [];
  for (const [key, line] of keyedLines(after.lines)) {
    const was = earlier.get(key);
    earlier.delete(key);
    const moved = !line.total.eq(was?.total ?? ZERO) || (line.quantity !== undefined && !line.quantity.eq(was?.quantity ?? ZERO));
    if (moved || (line.type === "USAGE" && overlaps(line, window))) lines.push(windowLine(line, was, window));
  }
  for (const gone of earlier.values()) lines.push(windowLine(gone, undefined, window, -1));
  return { ...window, lines, subtotal: after.subtotal.minus(before.subtotal), total: after.total.minus(before.total) };
}

/**
 * The invoice of the period priced with the usage up to an instant `t` (ms; an edge of the
 * windows breakdownUsagePlan cut the usage at), memoized per instant: what each window adds is
 * the difference of two of these.
 */
export function invoiceUpTo(input: InvoiceInput & Pick<BreakdownInput, "childrenUpTo">): (t: number) => Invoice {
  const plan = planUsage(input);
  const records = new Map<string, UsageRecord[]>();
  for (const record of input.usage) {
    const key = recordKey(record.productId, record.startingAt.getTime(), record.endingBefore.getTime());
    const list = records.get(key);
    if (list === undefined) records.set(key, [record]);
    else list.push(record);
  }
  const priced = new Map<number, Invoice>();
  return (t) => {
    let invoice = priced.get(t);
    if (invoice === undefined) {
      const { childrenUpTo: _, ...rest } = input;
      invoice = computeInvoice({ ...rest, usage: usageUpTo(plan, records, t), ...(input.childrenUpTo ? { children: input.childrenUpTo(t) } : {}) });
      priced.set(t, invoice);
    }
    return invoice;
  };
}

/**
 * The invoice of the period (exactly computeInvoice's) and its breakdown into `windows`. Windows
 * that cover the whole period sum to the invoice line by line, to the cent.
 */
export function computeInvoiceBreakdowns(input: BreakdownInput): { invoice: Invoice; breakdowns: InvoiceBreakdown[] } {
  const { period, windows } = input;
  assertWindowsInPeriod(windows, period);
  const upTo = invoiceUpTo(input);
  const start = period.startingAt.getTime();
  const at = (t: number): Priced => (t <= start ? NOTHING : upTo(t));
  return {
    invoice: upTo(period.endingBefore.getTime()),
    breakdowns: windows.map((w) => windowBreakdown(at(w.startingAt.getTime()), at(w.endingBefore.getTime()), w)),
  };
}
