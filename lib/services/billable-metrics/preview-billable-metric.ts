import { aggregateEvents, type GroupQuantity } from "@/lib/billing/aggregation";
import type { Decimal } from "@/lib/billing/decimal";
import { BillingInputError } from "@/lib/billing/errors";
import type { UsageEvent, Window } from "@/lib/billing/types";
import type { Prisma } from "@/lib/db/generated/client";
import { toMetricDefinition } from "@/lib/metering/metric-definition";
import type { ServiceContext } from "@/lib/services/context";
import { readCustomer } from "@/lib/services/customers/customer-record";
import { parseInput } from "@/lib/services/parse-input";
import { ZPreviewBillableMetric, type TPreviewBillableMetric } from "./schemas";

export const PREVIEW_DAYS = 7;
/** A preview aggregates in memory, so it reads at most this many events (the most recent). */
export const PREVIEW_EVENT_LIMIT = 20_000;
/** Rows returned per group key (the first, in the engine's order); `count` says how many there are. */
export const PREVIEW_GROUP_ROWS = 25;

export type MetricPreview = {
  window: Window;
  customer: { id: string; name: string } | null;
  /** Events of a matching type read (the newest PREVIEW_EVENT_LIMIT when `capped`). */
  eventsRead: number;
  capped: boolean;
  /** Events the metric cannot read (e.g. a non-numeric value to sum); rollups skip them too. */
  eventsSkipped: number;
  /** Null when no event contributed a value. */
  total: Decimal | null;
  groups: { keys: string[]; rows: GroupQuantity[]; count: number }[];
};

/**
 * What a draft metric would measure over the last week of real events: one customer's, or all
 * attributed events together (so UNIQUE and LATEST are across customers, not per customer).
 */
export async function previewBillableMetric(ctx: ServiceContext, input: TPreviewBillableMetric, now: Date): Promise<MetricPreview> {
  const { customerId, definition } = parseInput(ZPreviewBillableMetric, input);
  const customer = customerId ? await readCustomer(ctx.db, customerId) : null;
  const metric = toMetricDefinition({ id: "preview", name: "preview", ...definition });
  const window = { startingAt: new Date(now.getTime() - PREVIEW_DAYS * 86_400_000), endingBefore: now };
  const types = metric.eventTypeFilter;
  const where: Prisma.UsageEventWhereInput = {
    customerId: customer ? customer.id : { not: null },
    timestamp: { gte: window.startingAt, lt: window.endingBefore },
    eventType: { ...(types?.inValues ? { in: [...types.inValues] } : {}), ...(types?.notInValues ? { notIn: [...types.notInValues] } : {}) },
  };
  const rows = await ctx.db.usageEvent.findMany({
    where,
    orderBy: [{ timestamp: "desc" }, { transactionId: "desc" }],
    take: PREVIEW_EVENT_LIMIT + 1,
    select: { transactionId: true, customerId: true, eventType: true, timestamp: true, properties: true },
  });
  const events = rows.slice(0, PREVIEW_EVENT_LIMIT).map(
    (row): UsageEvent => ({ ...row, customerId: row.customerId!, properties: row.properties as Record<string, unknown> }),
  );
  // The engine refuses an event it cannot read, where the SQL rollups skip it. Asking the engine
  // about each event alone keeps its rule in one place and lets the preview skip the same ones.
  const readable = events.filter((event) => {
    try {
      aggregateEvents(metric, [event], window, metric.rollupKeys);
      return true;
    } catch (error) {
      if (error instanceof BillingInputError) return false;
      throw error;
    }
  });
  return {
    window,
    customer: customer && { id: customer.id, name: customer.name },
    eventsRead: events.length,
    capped: rows.length > PREVIEW_EVENT_LIMIT,
    eventsSkipped: events.length - readable.length,
    total: aggregateEvents(metric, readable, window)[0]?.quantity ?? null,
    groups: metric.groupKeys.map((keys) => {
      const rows = aggregateEvents(metric, readable, window, keys);
      return { keys, rows: rows.slice(0, PREVIEW_GROUP_ROWS), count: rows.length };
    }),
  };
}
