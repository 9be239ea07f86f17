import { isAdditive } from "@/lib/billing/aggregation";
import { explainRefusal } from "@/lib/billing/errors";
import { computeInvoice } from "@/lib/billing/invoice";
import { groupKey } from "@/lib/billing/groups";
import { planUsage } from "@/lib/billing/usage-plan";
import { usageFromEvents } from "@/lib/billing/usage-plan";
import type { UsageEvent, UsageRecord } from "@/lib/billing/types";
import { AppError } from "@/lib/errors";
import { usageForPlan } from "@/lib/metering/usage-records";
import type { ServiceContext } from "@/lib/services/context";
import { pathId } from "@/lib/services/ids";
import { parseInput } from "@/lib/services/parse-input";
import { draftRecord, withoutZeroQuantityLines, type InvoiceRecord } from "./invoice-record";
import { computeOpenDrafts } from "./open-drafts";
import { ZPreviewEvents, type TPreviewEvents } from "./schemas";

/**
 * Stored usage plus preview usage for one window. Additive metrics simply add up; MAX and
 * LATEST keep one record per window and group (the preview's events are the latest); UNIQUE
 * would need the stored distinct values, which rollups keep but this merge does not read.
 */
function merge(stored: UsageRecord[], preview: UsageRecord[], aggregation: (productId: string) => string): UsageRecord[] {
  const byKey = new Map<string, UsageRecord>();
  const key = (r: UsageRecord) => `${r.productId}|${r.startingAt.getTime()}|${groupKey(r.groupValues, Object.keys(r.groupValues).sort())}`;
  for (const r of stored) byKey.set(key(r), r);
  for (const r of preview) {
    const type = aggregation(r.productId);
    const existing = byKey.get(key(r));
    if (!existing || type === "LATEST") byKey.set(key(r), r);
    else if (type === "MAX") byKey.set(key(r), existing.quantity.gte(r.quantity) ? existing : r);
    else if (isAdditive(type as "COUNT" | "SUM")) byKey.set(key(r), { ...r, quantity: existing.quantity.plus(r.quantity) });
    else throw new AppError("bad_request", "mode merge cannot combine preview events with stored usage of a UNIQUE metric; use mode replace.");
  }
  return [...byKey.values()];
}

export async function previewEvents(ctx: ServiceContext, customerId: string, input: TPreviewEvents, now: Date): Promise<InvoiceRecord[]> {
  const q = parseInput(ZPreviewEvents, input);
  const customer = await ctx.db.customer.findUnique({ where: { id: pathId(customerId, "No customer has that id.") }, select: { id: true } });
  if (!customer) throw new AppError("not_found", "No customer has that id.");
  const ids = q.events.map((e) => e.transaction_id).filter((id): id is string => id !== undefined);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new AppError("bad_request", `events: the transaction_id ${repeated} appears more than once.`, { events: "Duplicate transaction_id" });
  // Merged with stored usage, an event already stored counts once: as stored.
  const stored =
    q.mode === "merge" && ids.length
      ? new Set((await ctx.db.usageEvent.findMany({ where: { transactionId: { in: ids } }, select: { transactionId: true } })).map((e) => e.transactionId))
      : new Set<string>();
  const events: UsageEvent[] = q.events.filter((e) => !e.transaction_id || !stored.has(e.transaction_id)).map((e, i) => ({
    transactionId: e.transaction_id ?? `preview-${i}`,
    customerId: customer.id,
    eventType: e.event_type,
    timestamp: e.timestamp ? new Date(e.timestamp) : now,
    properties: e.properties ?? {},
  }));
  const drafts = await computeOpenDrafts(ctx.db, customer.id, now);
  const previews: InvoiceRecord[] = [];
  for (const draft of drafts) {
    const { contract, pricing, ledger } = draft.billing;
    const period = { startingAt: draft.invoice.startingAt, endingBefore: draft.invoice.endingBefore };
    const record = await explainRefusal({ prefix: "The events cannot be priced" }, async () => {
      const plan = planUsage({ contract, rateCard: pricing.index, period });
      const preview = usageFromEvents(plan, pricing.index, events);
      const aggregation = (productId: string) => plan.products.find((p) => p.productId === productId)!.aggregationType;
      const usage = q.mode === "merge" ? merge(await usageForPlan(ctx.db, customer.id, plan, pricing.metrics), preview, aggregation) : preview;
      const invoice = computeInvoice({ contract, rateCard: pricing.index, period, usage, ledger });
      return draftRecord({ ...draft, invoice });
    });
    previews.push(q.skip_zero_qty_line_items ? withoutZeroQuantityLines(record) : record);
  }
  return previews;
}
