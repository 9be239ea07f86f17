import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";
import { parseInput } from "@/lib/services/parse-input";
import { ZId } from "@/lib/services/zod-fields";
import { ZListEvents, type TListEvents } from "./schemas";

export type EventRecord = {
  transactionId: string;
  /** The customer id or alias exactly as sent. */
  customerAlias: string;
  /** Null while the alias matches no customer. */
  customer: { id: string; name: string } | null;
  eventType: string;
  timestamp: Date;
  properties: Record<string, unknown>;
  receivedAt: Date;
};

/** What a customer filter selects: a customer's events, or the unmatched events sent under an alias. */
async function customerScope(ctx: ServiceContext, ref: string): Promise<Prisma.UsageEventWhereInput> {
  const byId = ZId.safeParse(ref).success ? await ctx.db.customer.findUnique({ where: { id: ref }, select: { id: true } }) : null;
  if (byId) return { customerId: byId.id };
  const alias = await ctx.db.customerAlias.findUnique({ where: { alias: ref }, select: { customerId: true } });
  return alias ? { customerId: alias.customerId } : { customerId: null, customerAlias: ref };
}

/**
 * Raw events, newest first, for the console's explorer. Each page is one bounded read: filtered
 * by customer it walks the (customer_id, timestamp) index; unfiltered it is a top-N by time.
 */
export async function listEvents(ctx: ServiceContext, params: TListEvents) {
  const input = parseInput(ZListEvents, params);
  const keyset = keysetQuery("timestamp", "transactionId", "desc", decodeKeysetCursor(input.next_page, "instant", "text"));
  const filters: Prisma.UsageEventWhereInput[] = [
    input.customer ? await customerScope(ctx, input.customer) : {},
    input.unmatched ? { customerId: null } : {},
    input.event_type ? { eventType: input.event_type } : {},
    input.transaction_id ? { transactionId: input.transaction_id } : {},
    keyset.where as Prisma.UsageEventWhereInput,
  ];
  const rows = await ctx.db.usageEvent.findMany({
    where: { AND: filters },
    orderBy: keyset.orderBy as Prisma.UsageEventOrderByWithRelationInput[],
    take: input.limit + 1,
    select: { transactionId: true, customerAlias: true, customerId: true, eventType: true, timestamp: true, properties: true, receivedAt: true },
  });
  const customerIds = [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))];
  const names = new Map(
    (await ctx.db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]),
  );
  const events = rows.map(({ customerId, properties, ...event }): EventRecord => ({
    ...event,
    properties: properties as Record<string, unknown>,
    customer: customerId ? { id: customerId, name: names.get(customerId) ?? customerId } : null,
  }));
  return toPage(events, input.limit, (e) => keysetCursor({ key: e.timestamp, id: e.transactionId }));
}
