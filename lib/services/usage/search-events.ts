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

/** POST /v1/events/search: stored events by transaction id, with the customer and metrics they match. */
export async function searchEvents(ctx: ServiceContext, input: TSearchEvents | unknown) {
  const { transactionIds } = parseInput(ZSearchEvents, input);
  const [events, metricRows] = await Promise.all([
    ctx.db.usageEvent.findMany({
      where: { transactionId: { in: transactionIds } },
      select: { transactionId: true, customerAlias: true, customerId: true, eventType: true, timestamp: true, properties: true, receivedAt: true },
    }),
    ctx.db.billableMetric.findMany({ where: { archivedAt: null }, select: METRIC_SELECT, orderBy: { name: "asc" } }),
  ]);
  const customerIds = [...new Set(events.map((e) => e.customerId).filter((id): id is string => id !== null))];
  const customers = new Map(
    (await ctx.db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } })).map((c) => [c.id, c]),
  );
  const metrics = metricRows.map(toMetricDefinition);
  return events.map((e) => {
    const properties = (e.properties ?? {}) as Record<string, unknown>;
    const event = { transactionId: e.transactionId, customerId: e.customerId ?? "", eventType: e.eventType, timestamp: e.timestamp, properties };
    return {
      ...e,
      properties,
      customer: e.customerId ? (customers.get(e.customerId) ?? null) : null,
      matchedMetrics: e.customerId ? metrics.filter((m) => counts(m, event)) : [],
    };
  });
}
