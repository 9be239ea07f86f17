import type { PrismaClient } from "@/lib/db/generated/client";
import { subscribes } from "./event-types";

// The outbox's consumers are fed here: each undispatched event becomes one delivery per live
// endpoint subscribed to its type, and a finalized invoice one sync per payment provider its
// customer is mapped to. Then the event is marked dispatched. All of it in one transaction, and
// the unique keys (endpoint+event, invoice+provider) make a repeat harmless. Only undispatched
// events are read, oldest first, through the (dispatched_at, created_at) index; SKIP LOCKED
// lets several servers fan out different events at once.

const BATCH = 200;
/** The payment providers Rateline has a connector for (lib/payments); other mappings are kept only. */
const SYNCED_PROVIDERS = ["stripe"];

/** Fans out one batch; returns how many events it dispatched. */
export async function fanOutOutbox(db: PrismaClient, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const events = await tx.$queryRawUnsafe<{ id: string; type: string; payload: unknown }[]>(
      `SELECT id::text AS id, type, payload FROM outbox_event WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      BATCH,
    );
    if (events.length === 0) return 0;
    const endpoints = await tx.webhookEndpoint.findMany({ where: { archivedAt: null }, select: { id: true, eventTypes: true } });
    const deliveries = events.flatMap((event) =>
      endpoints.filter((e) => subscribes(e.eventTypes, event.type)).map((e) => ({ endpointId: e.id, eventId: event.id, status: "pending" as const, nextAttemptAt: now })),
    );
    if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });

    const finalized = events.filter((e) => e.type === "invoice.finalized").map((e) => e.payload as { invoice_id: string; customer_id: string });
    if (finalized.length) {
      const providers = await tx.billingProvider.findMany({ where: { customerId: { in: finalized.map((f) => f.customer_id) }, provider: { in: SYNCED_PROVIDERS }, archivedAt: null }, select: { customerId: true, provider: true } });
      const syncs = finalized.flatMap((f) =>
        providers.filter((p) => p.customerId === f.customer_id).map((p) => ({ invoiceId: f.invoice_id, provider: p.provider, status: "pending" as const, nextAttemptAt: now })),
      );
      if (syncs.length) await tx.invoiceSync.createMany({ data: syncs, skipDuplicates: true });
    }
    await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: now } });
    return events.length;
  });
}
