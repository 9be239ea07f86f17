import type { Prisma } from "@/lib/db/generated/client";
import type { ServiceContext } from "@/lib/services/context";
import { decodeKeysetCursor, keysetCursor, keysetQuery, toPage } from "@/lib/services/pagination";

export type AuditEntry = {
  id: string;
  actorType: string;
  actorName: string;
  action: string;
  objectType: string;
  objectId: string;
  customerId: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

export type ListAuditEntriesParams = {
  /** Part of the actor's name. */
  actor?: string;
  objectType?: string;
  objectId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  until?: Date;
  next_page?: string;
  limit?: number;
};

/** Every recorded change, newest first, in cursor pages. Everyone signed in may read it. */
export async function listAuditEntries(ctx: ServiceContext, params: ListAuditEntriesParams) {
  const limit = Math.min(Math.max(params.limit ?? 25, 1), 100);
  const after = decodeKeysetCursor(params.next_page, "instant", "uuid");
  const keyset = keysetQuery("createdAt", "id", "desc", after);
  const rows = await ctx.db.auditLogEntry.findMany({
    where: {
      AND: [
        params.actor ? { actorName: { contains: params.actor, mode: "insensitive" } } : {},
        params.objectType ? { objectType: params.objectType } : {},
        params.objectId ? { objectId: params.objectId } : {},
        params.from ? { createdAt: { gte: params.from } } : {},
        params.until ? { createdAt: { lt: params.until } } : {},
        keyset.where as Prisma.AuditLogEntryWhereInput,
      ],
    },
    orderBy: keyset.orderBy as Prisma.AuditLogEntryOrderByWithRelationInput[],
    take: limit + 1,
    select: { id: true, actorType: true, actorName: true, action: true, objectType: true, objectId: true, customerId: true, before: true, after: true, createdAt: true },
  });
  return toPage(rows as AuditEntry[], limit, (e) => keysetCursor({ key: e.createdAt, id: e.id }));
}

