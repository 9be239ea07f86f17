import { aggregateEvents } from "@/lib/billing/aggregation";
import { METRIC_SELECT, toMetricDefinition, type MetricDefinition } from "@/lib/metering/metric-definition";
import type { ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZSearchEvents, type TSearchEvents } from "./schemas";

const EVER = { startingAt: new Date(0), endingBefore: new Date(8.64e15) };

/** Whether the metric counts this event: the engine's own rule, applied to the one event. */
function counts(metric: MetricDefinition, event: Parameters<typeof aggregateEvents>[1] extends Iterable<infer E> ? E : never) {
  try {
    return aggregateEvents(metric, [event], EVER).length > 0;
  } catch {
    return false; // a value the metric cannot bill on: the SQL rollups skip it too
  }
}

/**
 * POST /v1/events/search: stored events by transaction id, with the customer and metrics they
 * match; after each, if its transaction id was received again, the last such copy as it came,
 * `isDuplicate` (it counts for nothing, so it matches no metric).
 */
export async function searchEvents(ctx: ServiceContext, input: TSearchEvents | unknown) {
  const { transactionIds } = parseInput(ZSearchEvents, input);
  const [events, duplicateRows, metricRows] = await Promise.all([
    ctx.db.usageEvent.findMany({
      where: { transactionId: { in: transactionIds } },
      select: { transactionId: true, customerAlias: true, customerId: true, eventType: true, timestamp: true, properties: true, receivedAt: true },
    }),
    ctx.db.usageEventDuplicate.findMany({
      where: { transactionId: { in: transactionIds } },
      select: { transactionId: true, customerAlias: true, eventType: true, timestamp: true, properties: true, lastReceivedAt: true },
    }),
    ctx.db.billableMetric.findMany({ where: { archivedAt: null }, select: METRIC_SELECT, orderBy: { name: "asc" } }),
  ]);
  const duplicates = new Map(duplicateRows.map((d) => [d.transactionId, d]));
  const customerIds = [...new Set(events.map((e) => e.customerId).filter((id): id is string => id !== null))];
  const customers = new Map(
    (await ctx.db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } })).map((c) => [c.id, c]),
  );
  const metrics = metricRows.map(toMetricDefinition);
  return events.flatMap((e) => {
    const properties = (e.properties ?? {}) as Record<string, unknown>;
    const event = { transactionId: e.transactionId, customerId: e.customerId ?? "", eventType: e.eventType, timestamp: e.timestamp, properties };
    const customer = e.customerId ? (customers.get(e.customerId) ?? null) : null;
    const stored = { ...e, properties, customer, isDuplicate: false, matchedMetrics: e.customerId ? metrics.filter((m) => counts(m, event)) : [] };
    const again = duplicates.get(e.transactionId);
    if (!again) return [stored];
    const copy = { ...again, properties: (again.properties ?? {}) as Record<string, unknown>, receivedAt: again.lastReceivedAt };
    return [stored, { ...copy, customerId: null, customer: again.customerAlias === e.customerAlias ? customer : null, isDuplicate: true, matchedMetrics: [] }];
  });
}
